package ai.ringrift.db.audit;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The local append-only spool file: one line per row, appended and forced to disk before the
 * caller is answered. On open a torn last line (a crash in the middle of a write, never
 * acknowledged) is cut off. The replayer reads ranges without the lock and clears the file only
 * when nothing was appended since it read.
 */
final class AuditSpool implements Closeable {

    private static final int READ_CHUNK_BYTES = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private long rows;

    private AuditSpool(Path file, FileChannel channel, long rows) {
        this.file = file;
        this.channel = channel;
        this.rows = rows;
    }

    static AuditSpool open(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        long complete = 0;
        long lines = 0;
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        long pos = 0;
        while (true) {
            buf.clear();
            int n = ch.read(buf, pos);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (buf.get(i) == '\n') {
                    lines++;
                    complete = pos + i + 1;
                }
            }
            pos += n;
        }
        if (ch.size() > complete) {
            ch.truncate(complete); // torn write of a row nobody was told is stored
            ch.force(true);
        }
        return new AuditSpool(file, ch, lines);
    }

    Path file() {
        return file;
    }

    /** Appends whole lines and forces them to disk; on failure the file is cut back to where it was. */
    synchronized void append(List<String> lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        long start = channel.size();
        try {
            long pos = start;
            while (buf.hasRemaining()) {
                pos += channel.write(buf, pos);
            }
            channel.force(false);
        } catch (IOException e) {
            try {
                channel.truncate(start);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        rows += lines.size();
    }

    synchronized long rows() {
        return rows;
    }

    synchronized long size() throws IOException {
        return channel.size();
    }

    /** Lines read from {@code offset} (a line start) up to at most {@code end}, and the offset after them. */
    record Chunk(List<String> lines, long nextOffset) {
    }

    Chunk read(long offset, long end) throws IOException {
        int len = (int) Math.min(READ_CHUNK_BYTES, end - offset);
        ByteBuffer buf = ByteBuffer.allocate(len);
        long pos = offset;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, pos);
            if (n <= 0) {
                break;
            }
            pos += n;
        }
        byte[] bytes = buf.array();
        int filled = buf.position();
        List<String> lines = new ArrayList<>();
        int lineStart = 0;
        for (int i = 0; i < filled; i++) {
            if (bytes[i] == '\n') {
                lines.add(new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8));
                lineStart = i + 1;
            }
        }
        if (lines.isEmpty() && filled > 0) {
            throw new IOException("spool line longer than " + READ_CHUNK_BYTES + " bytes at offset " + offset
                    + " in " + file);
        }
        return new Chunk(lines, offset + lineStart);
    }

    /** Empties the file when its size is still {@code expectedSize}; true when it did. */
    synchronized boolean clearIf(long expectedSize) throws IOException {
        if (channel.size() != expectedSize) {
            return false;
        }
        channel.truncate(0);
        channel.force(true);
        rows = 0;
        return true;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
