package ai.ringrift.examples.jobs;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/** File helpers shared by the jobs: atomic replace and human-readable sizes. */
final class FileUtil {

    private FileUtil() {
    }

    /** The hidden sibling a file is written to before it is moved into place. */
    static Path partFile(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".part");
    }

    /** True for files being written ({@link #partFile(Path)}) or otherwise hidden. */
    static boolean isHiddenOrPartial(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") || name.endsWith(".part");
    }

    /** Moves {@code from} onto {@code to} atomically where the file system can, replacing it. */
    static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writes {@code bytes} to a part file and moves it onto {@code target}: readers never see half a file. */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path part = partFile(target);
        try {
            Files.write(part, bytes);
            moveAtomically(part, target);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** 1234567 -> "1.2 MB". */
    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB", "PB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
