package ai.ringrift.guard.sample.nvml;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few NVIDIA Management Library calls the guard needs, bound through JNA (no Java NVML binding
 * is published on Maven Central). Every call returns an {@code nvmlReturn_t}; 0 is success.
 *
 * <p>Loaded from {@code nvidia-ml}, else {@code libnvidia-ml.so.1}; the system property
 * {@value #LIBRARY_PROPERTY} (an absolute path) overrides both (tests point it at a fake).
 */
public interface Nvml extends Library {

    String LIBRARY_PROPERTY = "ringrift.nvml.library";

    int SUCCESS = 0;
    int ERROR_UNINITIALIZED = 1;
    int ERROR_NOT_SUPPORTED = 3;
    int ERROR_DRIVER_NOT_LOADED = 9;
    /** Buffer sizes NVML documents for names and UUIDs. */
    int DEVICE_NAME_BUFFER_SIZE = 96;
    int DEVICE_UUID_BUFFER_SIZE = 96;

    int nvmlInit_v2();

    int nvmlShutdown();

    int nvmlDeviceGetCount_v2(IntByReference deviceCount);

    int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

    int nvmlDeviceGetName(Pointer device, byte[] name, int length);

    int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length);

    int nvmlDeviceGetMemoryInfo(Pointer device, Memory memory);

    int nvmlDeviceGetUtilizationRates(Pointer device, Utilization utilization);

    String nvmlErrorString(int result);

    /** {@code nvmlMemory_t}: unsigned long long total, free, used (bytes). */
    @Structure.FieldOrder({"total", "free", "used"})
    class Memory extends Structure {
        public long total;
        public long free;
        public long used;
    }

    /** {@code nvmlUtilization_t}: unsigned int gpu, memory (percent over the last sample period). */
    @Structure.FieldOrder({"gpu", "memory"})
    class Utilization extends Structure {
        public int gpu;
        public int memory;
    }

    /**
     * Loads the library: {@code override} (absolute path) when not null, else {@value #LIBRARY_PROPERTY},
     * else {@code nvidia-ml}, else {@code libnvidia-ml.so.1}.
     *
     * @throws UnsatisfiedLinkError naming every name tried when none loads
     */
    static Nvml load(String override) {
        String o = override != null ? override : System.getProperty(LIBRARY_PROPERTY);
        if (o != null && !o.isBlank()) {
            return Native.load(o, Nvml.class);
        }
        try {
            return Native.load("nvidia-ml", Nvml.class);
        } catch (UnsatisfiedLinkError first) {
            try {
                return Native.load("libnvidia-ml.so.1", Nvml.class);
            } catch (UnsatisfiedLinkError second) {
                UnsatisfiedLinkError e = new UnsatisfiedLinkError("neither nvidia-ml nor libnvidia-ml.so.1 could be loaded: "
                        + firstLine(second.getMessage()));
                e.addSuppressed(first);
                throw e;
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
