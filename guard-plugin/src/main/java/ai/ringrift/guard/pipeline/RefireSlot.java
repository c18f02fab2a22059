package ai.ringrift.guard.pipeline;

import java.time.Instant;
import java.util.Objects;

/**
 * The {@link Refire} the composition root hands out before the Quartz scheduler is known: it
 * forwards to the one {@link #attach attached} later (the plugin attaches its scheduler at
 * start), and fails clearly before that.
 */
public final class RefireSlot implements Refire {

    private volatile Refire target = Refire.NONE;

    public void attach(Refire refire) {
        this.target = Objects.requireNonNull(refire, "refire");
    }

    public boolean attached() {
        return target != Refire.NONE;
    }

    @Override
    public void schedule(RefireRequest request, Instant at, String key) throws Exception {
        target.schedule(request, at, key);
    }

    @Override
    public boolean scheduleIfGone(RefireRequest request, String key) throws Exception {
        return target.scheduleIfGone(request, key);
    }
}
