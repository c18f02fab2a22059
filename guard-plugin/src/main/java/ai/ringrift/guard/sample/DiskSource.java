package ai.ringrift.guard.sample;

import ai.ringrift.scheduler.model.Resource;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Disk use of every configured path through {@link FileStore} (a statvfs call, sub-millisecond;
 * OSHI's mount enumeration costs tens of ms). Used % = (total - usable) / total; the fullest path
 * counts and the reading's detail names it and its mount. A path that does not exist yet is
 * measured at its nearest existing parent. Source {@code nio}.
 */
public final class DiskSource implements ReadingSource {

    private final List<Path> paths;
    private final Clock clock;
    private final Map<Path, FileStore> stores = new LinkedHashMap<>();

    public DiskSource(List<Path> paths, Clock clock) {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("sampling.diskPaths is empty: name at least one path to measure");
        }
        this.paths = List.copyOf(paths);
        this.clock = clock;
    }

    @Override
    public String name() {
        return "disk";
    }

    @Override
    public Set<Resource> covers() {
        return Set.of(Resource.DISK);
    }

    @Override
    public List<Reading> read() throws IOException {
        Reading worst = null;
        for (Path p : paths) {
            Reading r = measure(p);
            if (worst == null || r.usedPercent() > worst.usedPercent()) {
                worst = r;
            }
        }
        return List.of(worst);
    }

    private Reading measure(Path path) throws IOException {
        FileStore store = stores.get(path);
        if (store == null) {
            store = Files.getFileStore(existingAncestor(path));
            stores.put(path, store);
        }
        long total;
        long usable;
        try {
            total = store.getTotalSpace();
            usable = store.getUsableSpace();
        } catch (IOException e) { // unmounted or replaced since: look it up again next time
            stores.remove(path);
            throw e;
        }
        return Reading.bytes(Resource.DISK, total, usable, "nio", clock.instant(), path + " on " + store);
    }

    /** Usage of the file system holding {@code path} (or its nearest existing parent), read now. */
    public static Reading measureNow(Path path, Clock clock) throws IOException {
        FileStore store = Files.getFileStore(existingAncestor(path));
        return Reading.bytes(Resource.DISK, store.getTotalSpace(), store.getUsableSpace(), "nio", clock.instant(),
                path + " on " + store);
    }

    static Path existingAncestor(Path path) throws IOException {
        Path p = path.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IOException("no existing parent directory of " + path);
        }
        return p;
    }
}
