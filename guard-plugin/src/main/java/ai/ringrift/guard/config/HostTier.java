package ai.ringrift.guard.config;

/**
 * Host classes with their own utilisation target (DESIGN.md section 7): HIGH_END 96 GB+ RAM,
 * MID_TIER 32-96 GB, LOW_TIER 16-32 GB, CPU_ONLY without a GPU.
 */
public enum HostTier {
    HIGH_END, MID_TIER, LOW_TIER, CPU_ONLY
}
