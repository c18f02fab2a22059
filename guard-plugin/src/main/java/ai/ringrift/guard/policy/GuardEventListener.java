package ai.ringrift.guard.policy;

/**
 * Receives engine events, synchronously on the thread that caused them (the sampler thread for
 * level changes, a job thread for breaker changes). Keep it quick; exceptions are swallowed.
 */
@FunctionalInterface
public interface GuardEventListener {
    void onEvent(GuardEvent event);
}
