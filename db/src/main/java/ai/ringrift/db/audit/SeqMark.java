package ai.ringrift.db.audit;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The last sequence number this node handed out, kept beside the spool. It lets a node that
 * restarts while the database is unreachable (and with an empty spool) continue without reusing a
 * number. Written after every batch (survives a killed process through the OS page cache) and
 * forced on close and when an outage starts.
 */
final class SeqMark implements Closeable {

    private final FileChannel channel;

    private SeqMark(FileChannel channel) {
        this.channel = channel;
    }

    static SeqMark open(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return new SeqMark(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE));
    }

    /** The stored value, 0 when none or unreadable. */
    long read() throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(32);
        channel.read(buf, 0);
        String s = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    void write(long seq, boolean force) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(String.format("%20d\n", seq).getBytes(StandardCharsets.US_ASCII));
        long pos = 0;
        while (buf.hasRemaining()) {
            pos += channel.write(buf, pos);
        }
        if (force) {
            channel.force(false);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
