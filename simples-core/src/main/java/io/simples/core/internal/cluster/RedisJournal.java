package io.simples.core.internal.cluster;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.simples.session.internal.RedisClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Journal} on Redis Streams, on the bus's own connection: a stream per session and per
 * channel ({@code <prefix>s:<session>}, {@code <prefix>c:<name>}), trimmed at each append to
 * the count ({@code MAXLEN}) and the time kept ({@code MINID}), and dropped by Redis when nobody
 * appended for that long; a hash of marks per holder ({@code <prefix>m:<holder>}). Every script and
 * command touches one key, so the journal runs on Redis Cluster as it does on one Redis. Redis does
 * not say what trimming dropped ({@code max-deleted-entry-id} follows {@code XDEL} only), so each
 * stream keeps one message more than its count, the newest dropped, as the marker of the gap.
 *
 * <p>An append runs one script that adds the message and publishes its announcement on the bus
 * with the new id after it: Redis runs scripts one at a time, so every process hears a stream's
 * messages in the order of their ids, whoever appended them. Needs Redis 7 ({@code XINFO}'s
 * {@code entries-added}).
 */
final class RedisJournal implements Journal {

    /**
     * Adds the message, trims the stream to {@code count} messages and the time kept while keeping
     * one more, the newest of those dropped, as the marker of what is gone (see {@link #REPLAY}),
     * and publishes the announcement with the id after it.
     */
    private static final String APPEND = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local id = redis.call('XADD', KEYS[1], '*', 't', ARGV[1])
            local stale = redis.call('XREVRANGE', KEYS[1], '(' .. (now - tonumber(ARGV[3])) .. '-0', '-', 'COUNT', 1)
            if stale[1] then redis.call('XTRIM', KEYS[1], 'MINID', stale[1][1]) end
            redis.call('XTRIM', KEYS[1], 'MAXLEN', tonumber(ARGV[2]) + 1)
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            redis.call('PUBLISH', ARGV[4], ARGV[5] .. id)
            return id
            """;
    private static final String MARKS = """
            local marks = redis.call('HGETALL', KEYS[1])
            if #marks > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return marks
            """;
    /**
     * Answers {gap, id, text, id, text, ...}. Once the stream has dropped anything (more added than
     * it holds), its oldest entry is the marker of what is gone: a position before it has a gap,
     * and the replay starts after it.
     */
    private static final String REPLAY = """
            local function later(a, b)
              local am, an = string.match(a, '^(%d+)-(%d+)$')
              local bm, bn = string.match(b, '^(%d+)-(%d+)$')
              am, an, bm, bn = tonumber(am), tonumber(an), tonumber(bm), tonumber(bn)
              return am > bm or (am == bm and an > bn)
            end
            if redis.call('EXISTS', KEYS[1]) == 0 then
              local t = redis.call('TIME')
              local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
              local ms = tonumber(string.match(ARGV[1], '^(%d+)-'))
              if ARGV[1] ~= '0-0' and ms < now - tonumber(ARGV[2]) then return {1} end
              return {0}
            end
            local info = redis.call('XINFO', 'STREAM', KEYS[1])
            local added, length = 0, 0
            for i = 1, #info, 2 do
              if info[i] == 'entries-added' then added = info[i + 1] end
              if info[i] == 'length' then length = info[i + 1] end
            end
            local from = ARGV[1]
            local reply = {0}
            if added > length then
              local marker = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1][1]
              if later(marker, from) then
                reply[1] = 1
                from = marker
              end
            end
            local entries = redis.call('XRANGE', KEYS[1], '(' .. from, '+', 'COUNT', ARGV[3])
            for _, entry in ipairs(entries) do
              reply[#reply + 1] = entry[1]
              reply[#reply + 1] = entry[2][2]
            end
            return reply
            """;

    private final RedisClusterAsyncCommands<byte[], byte[]> redis;
    private final String prefix;
    private final byte[] busChannel;
    private final byte[] keep;
    private final byte[] count;
    private final String appendDigest;
    private final String marksDigest;
    private final String replayDigest;

    /** A journal whose keys start with {@code prefix}, announcing on {@code busChannel}, keeping each stream {@code keep}, {@code count} at most. */
    RedisJournal(RedisClusterAsyncCommands<byte[], byte[]> redis, String prefix, byte[] busChannel, Duration keep, int count) {
        this.redis = redis;
        this.prefix = prefix;
        this.busChannel = busChannel;
        this.keep = bytes(Long.toString(Math.max(1, keep.toMillis())));
        this.count = bytes(Integer.toString(count));
        this.appendDigest = redis.digest(APPEND);
        this.marksDigest = redis.digest(MARKS);
        this.replayDigest = redis.digest(REPLAY);
    }

    /** Appends {@code text} to {@code stream} and publishes {@code announcement} followed by the new id; answers the id. */
    CompletableFuture<String> append(String stream, String text, byte[] announcement) {
        return this.<byte[]>script(appendDigest, APPEND, ScriptOutputType.VALUE, new byte[][] {key(stream)},
                bytes(text), count, keep, busChannel, announcement).thenApply(RedisJournal::string);
    }

    /**
     * Two commands, each on one key (so on Redis Cluster the stream and the marks may live in
     * different slots): where the stream stands, then the mark if there is none. Not atomic, and
     * need not be: an event appended in between reaches the connection (it gets what is sent
     * already), after the position the mark keeps.
     */
    @Override
    public CompletableFuture<String> mark(String holder, String field, Duration life) {
        byte[] marks = marksKey(holder);
        return redis.xrevrange(key(Journal.stream(holder, field)), Range.create("-", "+"), Limit.from(1)).toCompletableFuture()
                .thenCompose(last -> {
                    String id = last.isEmpty() ? ORIGIN : last.get(0).getId();
                    redis.hsetnx(marks, bytes(field), bytes(id));
                    return redis.pexpire(marks, Math.max(1, life.toMillis())).toCompletableFuture().thenApply(done -> id);
                });
    }

    @Override
    public CompletableFuture<Map<String, String>> marks(String holder, Duration life) {
        return this.<List<Object>>script(marksDigest, MARKS, ScriptOutputType.MULTI, new byte[][] {marksKey(holder)}, millis(life))
                .thenApply(reply -> {
                    Map<String, String> marks = new HashMap<>();
                    for (int i = 0; i + 1 < reply.size(); i += 2) {
                        marks.put(string((byte[]) reply.get(i)), string((byte[]) reply.get(i + 1)));
                    }
                    return marks;
                });
    }

    @Override
    public void touch(String holder, Duration life) {
        redis.pexpire(marksKey(holder), Math.max(1, life.toMillis()));
    }

    @Override
    public void unmark(String holder, String field) {
        redis.hdel(marksKey(holder), bytes(field));
    }

    @Override
    public CompletableFuture<Replay> replay(String holder, String field, String after) {
        return this.<List<Object>>script(replayDigest, REPLAY, ScriptOutputType.MULTI,
                new byte[][] {key(Journal.stream(holder, field))}, bytes(after), keep, count).thenApply(reply -> {
                    List<Entry> entries = new ArrayList<>(reply.size() / 2);
                    for (int i = 1; i + 1 < reply.size(); i += 2) {
                        entries.add(new Entry(string((byte[]) reply.get(i)), string((byte[]) reply.get(i + 1))));
                    }
                    return new Replay(entries, ((Long) reply.get(0)) == 1L);
                });
    }

    private <T> CompletableFuture<T> script(String digest, String source, ScriptOutputType type, byte[][] keys, byte[]... args) {
        return RedisClients.script(redis, digest, source, type, keys, args);
    }

    private byte[] key(String stream) {
        return bytes(prefix + stream);
    }

    private byte[] marksKey(String holder) {
        return bytes(prefix + "m:" + holder);
    }

    private static byte[] millis(Duration life) {
        return bytes(Long.toString(Math.max(1, life.toMillis())));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
