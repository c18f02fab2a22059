package ai.ringrift.guard.sample;

import java.util.Locale;

/**
 * Whether the sampler reads the GPU: {@code AUTO} when one can be found (NVML, else
 * {@code nvidia-smi}), {@code ON} requires one (start fails when none can be read), {@code OFF}
 * never reads it.
 */
public enum GpuMode {
    AUTO, ON, OFF;

    public static GpuMode parse(String text) {
        if (text != null) {
            String t = text.trim().toUpperCase(Locale.ROOT);
            for (GpuMode m : values()) {
                if (m.name().equals(t)) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("sampling.gpu must be one of auto, on, off, was '" + text + "'");
    }
}
