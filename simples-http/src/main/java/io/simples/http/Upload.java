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

    /**
     * The name of the form field.
     *
     * @return the name of the field the file came in
     */
    public String name() {
        return upload.getName();
    }

    /**
     * The file name the client gave (never use it as a path as it is).
     *
     * @return the file name, as the client sent it
     */
    public String filename() {
        return upload.getFilename();
    }

    /**
     * The media type the client gave.
     *
     * @return the media type, as the client sent it, such as {@code "image/png"}
     */
    public String contentType() {
        return upload.getContentType();
    }

    /**
     * The size in bytes.
     *
     * @return the file's length in bytes
     */
    public long size() {
        return upload.length();
    }

    /**
     * Tells whether the file is held in memory rather than on disk.
     *
     * @return true when the file is in memory, false when it is in a temporary file
     */
    public boolean inMemory() {
        return upload.isInMemory();
    }

    /**
     * The content (for small files: a large one is better moved or streamed).
     *
     * @return the file's bytes
     * @throws java.io.UncheckedIOException when reading the temporary file fails
     */
    public byte[] bytes() {
        try {
            return upload.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Moves the file to {@code target} (replacing it), so it outlives the response.
     *
     * @param target where the file goes, a file path
     * @throws java.io.UncheckedIOException when the file cannot be moved or written there
     */
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
