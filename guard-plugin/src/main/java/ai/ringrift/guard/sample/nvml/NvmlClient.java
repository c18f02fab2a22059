package ai.ringrift.guard.sample.nvml;

import ai.ringrift.guard.sample.gpu.GpuDevice;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.List;

/**
 * An initialised NVML session: {@code nvmlInit_v2} once in {@link #open(String)},
 * {@code nvmlShutdown} in {@link #close()}. {@link #devices()} reads every device's name, UUID,
 * memory and utilisation; utilisation NOT_SUPPORTED (MIG) gives a memory-only device.
 */
public final class NvmlClient implements AutoCloseable {

    private final Nvml nvml;
    private boolean closed;

    private NvmlClient(Nvml nvml) {
        this.nvml = nvml;
    }

    /**
     * Loads the library (see {@link Nvml#load(String)}) and initialises it.
     *
     * @throws NvmlException "NVML unavailable: ..." when the library is missing or init fails
     */
    public static NvmlClient open(String libraryOverride) throws NvmlException {
        Nvml nvml;
        try {
            nvml = Nvml.load(libraryOverride);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new NvmlException("NVML unavailable: " + firstLine(e.getMessage()), e);
        }
        int rc;
        try {
            rc = nvml.nvmlInit_v2();
        } catch (UnsatisfiedLinkError e) {
            throw new NvmlException("NVML unavailable: " + e.getMessage(), e);
        }
        if (rc != Nvml.SUCCESS) {
            throw new NvmlException("NVML unavailable: nvmlInit_v2 returned " + rc + " (" + text(nvml, rc) + ")",
                    null);
        }
        return new NvmlClient(nvml);
    }

    /** Reads every device now. */
    public synchronized List<GpuDevice> devices() throws NvmlException {
        if (closed) {
            throw new IllegalStateException("NVML session is closed");
        }
        IntByReference count = new IntByReference();
        check("nvmlDeviceGetCount_v2", nvml.nvmlDeviceGetCount_v2(count));
        List<GpuDevice> out = new ArrayList<>(count.getValue());
        for (int i = 0; i < count.getValue(); i++) {
            PointerByReference ref = new PointerByReference();
            check("nvmlDeviceGetHandleByIndex_v2(" + i + ")", nvml.nvmlDeviceGetHandleByIndex_v2(i, ref));
            Pointer dev = ref.getValue();
            byte[] name = new byte[Nvml.DEVICE_NAME_BUFFER_SIZE];
            check("nvmlDeviceGetName(" + i + ")", nvml.nvmlDeviceGetName(dev, name, name.length));
            byte[] uuid = new byte[Nvml.DEVICE_UUID_BUFFER_SIZE];
            check("nvmlDeviceGetUUID(" + i + ")", nvml.nvmlDeviceGetUUID(dev, uuid, uuid.length));
            Nvml.Memory mem = new Nvml.Memory();
            check("nvmlDeviceGetMemoryInfo(" + i + ")", nvml.nvmlDeviceGetMemoryInfo(dev, mem));
            Nvml.Utilization util = new Nvml.Utilization();
            int urc = nvml.nvmlDeviceGetUtilizationRates(dev, util);
            double utilization;
            if (urc == Nvml.SUCCESS) {
                utilization = Integer.toUnsignedLong(util.gpu);
            } else if (urc == Nvml.ERROR_NOT_SUPPORTED) {
                utilization = Double.NaN; // MIG: memory-only reading
            } else {
                throw new NvmlException("nvmlDeviceGetUtilizationRates(" + i + ")", urc, text(nvml, urc));
            }
            out.add(new GpuDevice(i, Native.toString(name), Native.toString(uuid), mem.total, mem.used, utilization));
        }
        return out;
    }

    private void check(String call, int rc) throws NvmlException {
        if (rc != Nvml.SUCCESS) {
            throw new NvmlException(call, rc, text(nvml, rc));
        }
    }

    /** JNA's messages list the whole class path after the first two lines: keep those two. */
    static String firstLine(String s) {
        if (s == null) {
            return "library not found";
        }
        String[] lines = s.strip().split("\\R");
        String t = lines.length > 1 ? lines[0] + " " + lines[1] : lines[0];
        return t.length() > 400 ? t.substring(0, 400) + "..." : t;
    }

    private static String text(Nvml nvml, int rc) {
        try {
            String s = nvml.nvmlErrorString(rc);
            return s == null ? "unknown error" : s;
        } catch (UnsatisfiedLinkError e) {
            return "unknown error";
        }
    }

    /** {@code nvmlShutdown}; idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            nvml.nvmlShutdown();
        }
    }
}
