package ai.ringrift.guard.sample;

import ai.ringrift.guard.sample.gpu.GpuDevice;
import java.util.List;

/** A source that also keeps the per-device details of its last read. */
public interface GpuDeviceSource extends ReadingSource {

    /** Devices of the last successful {@link #read()}, empty before it. */
    List<GpuDevice> devices();
}
