package io.simples.http;

import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file of a multipart request. Small files are in memory, larger ones in a temporary file;
 * either way it is deleted when the response ends, unless {@link #moveTo moved} first.
 */
public final class Upload {

    private final FileUpload upload;
    private final HttpPostRequestDecoder decoder;

    Upload(FileUpload upload, HttpPostRequestDecoder decoder) {
        this.upload = upload;
        this.decoder = decoder;
    }

    /** The name of the form field. */
    public String name() {
        return upload.getName();
    }

    /** The file name the client gave (never use it as a path as it is). */
    public String filename() {
        return upload.getFilename();
    }

    /** The media type the client gave. */
    public String contentType() {
        return upload.getContentType();
    }

    /** The size in bytes. */
    public long size() {
        return upload.length();
    }

    /** True when the file is held in memory rather than on disk. */
    public boolean inMemory() {
        return upload.isInMemory();
    }

    /** The content (for small files: a large one is better moved or streamed). */
    public byte[] bytes() {
        try {
            return upload.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Moves the file to {@code target} (replacing it), so it outlives the response. */
    public void moveTo(Path target) {
        try {
            if (upload.isInMemory()) {
                Files.write(target, upload.get());
            } else {
                Files.move(upload.getFile().toPath(), target, StandardCopyOption.REPLACE_EXISTING);
                decoder.removeHttpDataFromClean(upload);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the upload " + filename() + " to " + target, e);
        }
    }

    @Override
    public String toString() {
        return "Upload[" + name() + ": " + filename() + ", " + size() + " bytes]";
    }
}
