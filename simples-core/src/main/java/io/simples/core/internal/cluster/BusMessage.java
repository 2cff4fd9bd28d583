package io.simples.core.internal.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * What servers of a cluster tell each other, and its form on the wire: a magic byte and a
 * version, the kind, the sending member's id, then the kind's fields (strings and payloads with a
 * length before them, -1 for none). Anything else — another program's garbage, a newer version —
 * fails {@link #decode} with a {@link MalformedMessage}.
 */
sealed interface BusMessage {

    byte MAGIC = 'S';
    byte VERSION = 1;

    /** The member that sent it. */
    long sender();

    /** A member is there (sent on joining and every few seconds). */
    record Hello(long sender) implements BusMessage {
    }

    /**
     * A message kept in a {@link Journal} stream, for the connections of {@code host} bound to
     * {@code channel}, or of the session {@code session}: its {@code text} (an envelope), and the
     * id the journal gave it, which the journal writes after the rest ({@link #announcement}),
     * so that it arrives in the order of the stream. Handed to every member, its sender too; a
     * non-zero {@code request} asks for a count ({@link Counted}).
     */
    record Recorded(long sender, long request, String host, String channel, String session, String text, String id)
            implements BusMessage {
    }

    /** A member leaves. */
    record Bye(long sender) implements BusMessage {
    }

    /**
     * A broadcast to the connections of the WebSocket host {@code host} (to those bound to
     * {@code channel} when not null, that the host's filter {@code filter} accepts when not null):
     * the frame's payload, encoded once.
     */
    record Broadcast(long sender, String host, String channel, String filter, boolean binary, byte[] payload)
            implements BusMessage {
    }

    /** Bind every connection of {@code host} that its filter {@code filter} accepts to {@code channel}. */
    record Bind(long sender, String host, String channel, String filter) implements BusMessage {
    }

    /** The channel was closed: unbind everybody. */
    record CloseChannel(long sender, String host, String channel) implements BusMessage {
    }

    /** How many connections does each member have on {@code host} (in {@code channel} when not null)? */
    record Count(long sender, long request, String host, String channel) implements BusMessage {
    }

    /** One member's answer to the count {@code request} of {@code asker}. */
    record Counted(long sender, long request, long asker, long connections) implements BusMessage {
    }

    /**
     * Deliver the frame's payload to the connections of {@code host} that belong to the session
     * {@code session}, and answer how many got it (a {@link Counted} for {@code request}).
     */
    record ToSession(long sender, long request, String host, String session, boolean binary, byte[] payload)
            implements BusMessage {
    }

    /**
     * A session joined ({@code fields}: its public fields as JSON) or left ({@code fields} null)
     * the channel {@code channel} of {@code host} on the sending member; {@code key} stands for the
     * session without being its id.
     */
    record PresenceChange(long sender, String host, String channel, String key, byte[] fields) implements BusMessage {
    }

    /** Everybody the sending member holds present on {@code host}'s channels, replacing what it said before. */
    record PresenceState(long sender, String host, byte[] state) implements BusMessage {
    }

    /** The sending member wants everybody's presence state (it joined, or its bus came back). */
    record PresenceSync(long sender) implements BusMessage {
    }

    /** A session's save reached the store. */
    record SessionSaved(long sender, String id) implements BusMessage {
    }

    /** A session was destroyed (removed from the store). */
    record SessionDestroyed(long sender, String id) implements BusMessage {
    }

    /** A session moved to a new id. */
    record SessionMoved(long sender, String oldId, String newId) implements BusMessage {
    }

    /** Not a message of ours. */
    final class MalformedMessage extends Exception {
        MalformedMessage(String reason) {
            super(reason);
        }
    }

    static byte[] encode(BusMessage message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(MAGIC);
            out.writeByte(VERSION);
            out.writeByte(kind(message));
            out.writeLong(message.sender());
            if (message instanceof Broadcast m) {
                string(out, m.host());
                string(out, m.channel());
                string(out, m.filter());
                out.writeBoolean(m.binary());
                out.writeInt(m.payload().length);
                out.write(m.payload());
            } else if (message instanceof Bind m) {
                string(out, m.host());
                string(out, m.channel());
                string(out, m.filter());
            } else if (message instanceof CloseChannel m) {
                string(out, m.host());
                string(out, m.channel());
            } else if (message instanceof Count m) {
                out.writeLong(m.request());
                string(out, m.host());
                string(out, m.channel());
            } else if (message instanceof Counted m) {
                out.writeLong(m.request());
                out.writeLong(m.asker());
                out.writeLong(m.connections());
            } else if (message instanceof SessionSaved m) {
                string(out, m.id());
            } else if (message instanceof SessionDestroyed m) {
                string(out, m.id());
            } else if (message instanceof SessionMoved m) {
                string(out, m.oldId());
                string(out, m.newId());
            } else if (message instanceof PresenceChange m) {
                string(out, m.host());
                string(out, m.channel());
                string(out, m.key());
                bytes(out, m.fields());
            } else if (message instanceof PresenceState m) {
                string(out, m.host());
                bytes(out, m.state());
            } else if (message instanceof Recorded m) {
                out.writeLong(m.request());
                string(out, m.host());
                string(out, m.channel());
                string(out, m.session());
                string(out, m.text());
                out.write(m.id() == null ? new byte[0] : m.id().getBytes(StandardCharsets.US_ASCII));
            } else if (message instanceof ToSession m) {
                out.writeLong(m.request());
                string(out, m.host());
                string(out, m.session());
                out.writeBoolean(m.binary());
                out.writeInt(m.payload().length);
                out.write(m.payload());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /** A {@link Recorded} message without its id, which the journal writes after it. */
    static byte[] announcement(Recorded message) {
        return encode(new Recorded(message.sender(), message.request(), message.host(), message.channel(),
                message.session(), message.text(), null));
    }

    /** True when {@code message} has our form and is a {@link Recorded}, which its sender hears too. */
    static boolean isRecorded(byte[] message) {
        return message.length > 2 && message[0] == MAGIC && message[1] == VERSION && message[2] == 15;
    }

    /** True when {@code message} has our form and was sent by {@code member}: read without decoding the rest. */
    static boolean sentBy(byte[] message, long member) {
        if (message.length < 11 || message[0] != MAGIC || message[1] != VERSION) {
            return false;
        }
        long sender = 0;
        for (int i = 3; i < 11; i++) {
            sender = sender << 8 | (message[i] & 0xff);
        }
        return sender == member;
    }

    static BusMessage decode(byte[] message) throws MalformedMessage {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(message));
        try {
            if (in.readByte() != MAGIC || in.readByte() != VERSION) {
                throw new MalformedMessage("not a simpleS bus message of version " + VERSION);
            }
            byte kind = in.readByte();
            long sender = in.readLong();
            BusMessage decoded = switch (kind) {
                case 1 -> new Hello(sender);
                case 2 -> new Bye(sender);
                case 3 -> new Broadcast(sender, required(in), string(in), string(in), in.readBoolean(), payload(in));
                case 4 -> new Bind(sender, required(in), required(in), required(in));
                case 5 -> new CloseChannel(sender, required(in), required(in));
                case 6 -> new Count(sender, in.readLong(), required(in), string(in));
                case 7 -> new Counted(sender, in.readLong(), in.readLong(), in.readLong());
                case 8 -> new SessionSaved(sender, required(in));
                case 9 -> new SessionDestroyed(sender, required(in));
                case 10 -> new SessionMoved(sender, required(in), required(in));
                case 11 -> new ToSession(sender, in.readLong(), required(in), required(in), in.readBoolean(), payload(in));
                case 12 -> new PresenceChange(sender, required(in), required(in), required(in), optionalPayload(in));
                case 13 -> new PresenceState(sender, required(in), payload(in));
                case 14 -> new PresenceSync(sender);
                case 15 -> recorded(sender, in);
                default -> throw new MalformedMessage("unknown kind " + kind);
            };
            if (in.available() > 0) {
                throw new MalformedMessage(in.available() + " bytes after the message");
            }
            return decoded;
        } catch (IOException e) {
            throw new MalformedMessage("cut short: " + e);
        }
    }

    private static Recorded recorded(long sender, DataInputStream in) throws IOException, MalformedMessage {
        long request = in.readLong();
        String host = required(in);
        String channel = string(in);
        String session = string(in);
        String text = required(in);
        String id = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        if (!Journal.isId(id) || (channel == null) == (session == null)) {
            throw new MalformedMessage("a recorded message needs an id and one of a channel or a session");
        }
        return new Recorded(sender, request, host, channel, session, text, id);
    }

    private static byte kind(BusMessage message) {
        if (message instanceof Hello) {
            return 1;
        } else if (message instanceof Bye) {
            return 2;
        } else if (message instanceof Broadcast) {
            return 3;
        } else if (message instanceof Bind) {
            return 4;
        } else if (message instanceof CloseChannel) {
            return 5;
        } else if (message instanceof Count) {
            return 6;
        } else if (message instanceof Counted) {
            return 7;
        } else if (message instanceof SessionSaved) {
            return 8;
        } else if (message instanceof SessionDestroyed) {
            return 9;
        } else if (message instanceof ToSession) {
            return 11;
        } else if (message instanceof PresenceChange) {
            return 12;
        } else if (message instanceof PresenceState) {
            return 13;
        } else if (message instanceof PresenceSync) {
            return 14;
        } else if (message instanceof Recorded) {
            return 15;
        }
        return 10; // SessionMoved: the interface is sealed
    }

    private static void string(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String string(DataInputStream in) throws IOException, MalformedMessage {
        int length = in.readInt();
        if (length == -1) {
            return null;
        }
        return new String(bytes(in, length), StandardCharsets.UTF_8);
    }

    private static String required(DataInputStream in) throws IOException, MalformedMessage {
        String value = string(in);
        if (value == null) {
            throw new MalformedMessage("a required field is missing");
        }
        return value;
    }

    private static byte[] payload(DataInputStream in) throws IOException, MalformedMessage {
        return bytes(in, in.readInt());
    }

    /** A payload that may be absent (its length -1). */
    private static byte[] optionalPayload(DataInputStream in) throws IOException, MalformedMessage {
        int length = in.readInt();
        return length == -1 ? null : bytes(in, length);
    }

    private static void bytes(DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(value.length);
        out.write(value);
    }

    private static byte[] bytes(DataInputStream in, int length) throws IOException, MalformedMessage {
        if (length < 0 || length > in.available()) {
            throw new MalformedMessage("a length of " + length + " where " + in.available() + " bytes are left");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
