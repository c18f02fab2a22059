package ai.ringrift.guard.config;

/** A three-way switch: {@code auto} (detect), {@code on}, {@code off}. */
public enum Toggle {
    AUTO, ON, OFF;

    /** Resolves {@link #AUTO} with what was detected. */
    public boolean resolve(boolean detected) {
        return this == AUTO ? detected : this == ON;
    }
}
