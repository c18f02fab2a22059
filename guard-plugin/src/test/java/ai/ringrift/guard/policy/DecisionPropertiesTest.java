package ai.ringrift.guard.policy;

import static ai.ringrift.guard.policy.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Priority;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Monotonicity and size bounds of decisions, over generated jobs and loads. */
class DecisionPropertiesTest {

    /** A job: priority, resizable or not, requested size and minimum. */
    record Job(Priority priority, boolean resizable, int requested, int minimum) {
        JobDeclaration declaration() {
            JobDeclaration d = Fixtures.job(priority);
            return resizable ? d.withResizable("n", minimum) : d;
        }

        GuardRequest request() {
            return new GuardRequest("job", declaration(), resizable ? requested : null, 1);
        }
    }

    @Provide
    Arbitrary<Job> jobs() {
        return Combinators.combine(Arbitraries.of(Priority.class), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 100_000), Arbitraries.integers().between(1, 500)).as(Job::new);
    }

    /** 0 veto, 1 defer, then 2 + the share of the requested size granted (3 for a full run). */
    static double permissiveness(Decision d, Job job) {
        return switch (d.action()) {
            case VETO -> 0;
            case DEFER -> 1;
            case ALLOW, RESIZE -> job.resizable() && job.requested() > 0
                    ? 2 + d.grantedSize() / (double) job.requested() : 3;
        };
    }

    private static Decision decide(Job job, double memoryPercent) {
        DecisionEngine e = Fixtures.engine(new MutableClock(T0));
        return e.decide(job.request(), Fixtures.memory(T0, memoryPercent));
    }

    @Property
    void higherLevelIsNeverMorePermissive(@ForAll("jobs") Job job, @ForAll @DoubleRange(min = 0, max = 100) double a,
                                          @ForAll @DoubleRange(min = 0, max = 100) double b) {
        double low = Math.min(a, b);
        double high = Math.max(a, b);
        Decision atLow = decide(job, low);
        Decision atHigh = decide(job, high);
        assertThat(atHigh.level()).isGreaterThanOrEqualTo(atLow.level());
        assertThat(permissiveness(atHigh, job)).isLessThanOrEqualTo(permissiveness(atLow, job));
    }

    @Property
    void higherPriorityIsNeverLessPermissive(@ForAll("jobs") Job job, @ForAll @IntRange(min = 0, max = 4) int level,
                                             @ForAll Priority other) {
        Job a = job;
        Job b = new Job(other, job.resizable(), job.requested(), job.minimum());
        Job lower = a.priority().rank() <= b.priority().rank() ? a : b;
        Job higher = lower == a ? b : a;
        double mem = Fixtures.memoryForLevel(level);
        assertThat(permissiveness(decide(higher, mem), higher))
                .isGreaterThanOrEqualTo(permissiveness(decide(lower, mem), lower));
    }

    @Property
    void grantedSizeStaysBetweenMinimumAndRequested(@ForAll("jobs") Job job,
                                                    @ForAll @DoubleRange(min = 0, max = 100) double memory) {
        Decision d = decide(new Job(job.priority(), true, job.requested(), job.minimum()), memory);
        if (d.admitted()) {
            assertThat(d.grantedSize()).isLessThanOrEqualTo(job.requested());
            assertThat(d.grantedSize()).isGreaterThanOrEqualTo(Math.min(job.minimum(), job.requested()));
            assertThat(d.action() == Action.RESIZE).isEqualTo(d.grantedSize() < job.requested());
        } else {
            assertThat(d.grantedSize()).isNull();
        }
    }

    @Property
    void resizeArithmetic(@ForAll @IntRange(min = 0, max = 1_000_000) int n, @ForAll @IntRange(min = 1, max = 1000) int min,
                          @ForAll @DoubleRange(min = 0.01, max = 1.0) double fraction) {
        int g = DecisionEngine.resize(n, min, fraction);
        assertThat(g).isLessThanOrEqualTo(n).isGreaterThanOrEqualTo(Math.min(n, min));
    }
}
