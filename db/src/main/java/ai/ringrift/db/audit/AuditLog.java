package ai.ringrift.db.audit;

import ai.ringrift.db.DatabaseHealth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable audit log writer.
 *
 * <p>{@link #record(DecisionRow)} assigns this node's id and the next per-node sequence number (no
 * repeats, no gaps, continued across restarts) and returns only once the row is stored: committed
 * to the database, or, while the database is unreachable, appended to the local spool file and
 * forced to disk. Rows of concurrent callers are grouped into one batch insert (group commit): a
 * batch closes after {@link AuditLogSettings#batchMaxRows()} rows, after
 * {@link AuditLogSettings#batchMaxWait()}, or as soon as it holds every caller currently waiting in
 * {@code record} (a lone caller is not delayed; rows arriving during a commit form the next batch).
 * Outcomes handed in with {@link #submitOutcome} have nobody waiting on them: a batch of outcomes
 * alone stays open up to 50 ms (at least {@code batchMaxWait}) so that they ride on the next
 * decision's commit instead of costing a commit of their own.
 *
 * <p>Once a row is spooled, later rows are spooled too (order is kept) until a background replayer,
 * retrying every {@link AuditLogSettings#replayInterval()}, has inserted the spool in order,
 * skipping rows already stored (idempotent on (node_id, seq)), and emptied it. A new log that finds
 * a leftover spool replays it before taking rows. Outages are logged once, not per row.
 *
 * <p>{@link #recordWithin} writes a decision inside a transaction the caller commits (the job
 * store's "trigger fired"): the row costs no commit of its own and is durable exactly when that
 * transaction is. Its number comes from the same sequence; a transaction that rolls back leaves a
 * gap in it.
 *
 * <p>One {@code AuditLog} per node id and database: two writers with the same node id would hand
 * out the same numbers.
 */
public final class AuditLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final int REPLAY_ROWS_PER_TX = 1000;
    /**
     * How long a batch holding only submitted outcomes (nobody waits on them) stays open for a
     * decision to share its commit: outcomes then cost no commit (no WAL flush) of their own.
     */
    static final long OUTCOME_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final AuditLogSettings settings;
    private final AuditWriter writer;
    private final AuditSpool spool;
    private final SeqMark mark;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final ReadWriteLock closing = new ReentrantReadWriteLock();
    private final Thread committer;
    private final ScheduledExecutorService replayer;
    private final Object outageLock = new Object();
    private final java.util.concurrent.atomic.AtomicInteger callers = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closed;
    private volatile boolean reachable;
    private boolean outageLogged;
    private final DatabaseHealth health;
    /** Guards {@link #lastSeq}, {@link #seqBaseKnown} and the sequence mark (the committer and {@link #recordWithin}). */
    private final Object seqLock = new Object();
    private long lastSeq;
    private boolean seqBaseKnown; // whether lastSeq has seen the table's max

    public AuditLog(DataSource dataSource, AuditLogSettings settings) {
        this(dataSource, settings, DatabaseHealth.of("audit log"));
    }

    /**
     * An audit log that reports its database attempts to {@code health}, shared with the other
     * users of the database so that an outage is logged once when it starts and once when it ends.
     */
    public AuditLog(DataSource dataSource, AuditLogSettings settings, DatabaseHealth health) {
        this.health = Objects.requireNonNull(health, "health");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.writer = new AuditWriter(Objects.requireNonNull(dataSource, "dataSource"));
        String safe = settings.nodeId().replaceAll("[^A-Za-z0-9._-]", "_");
        Path spoolFile = settings.spoolDir().resolve("audit-" + safe + ".spool.jsonl");
        try {
            this.spool = AuditSpool.open(spoolFile);
            this.mark = SeqMark.open(settings.spoolDir().resolve("audit-" + safe + ".seq"));
            long spoolMax = scanSpoolMaxSeq();
            long dbMax = 0;
            try {
                dbMax = writer.maxSeq(settings.nodeId());
                seqBaseKnown = true;
                markReachable();
            } catch (Exception e) {
                markOutage(e);
            }
            lastSeq = Math.max(Math.max(dbMax, spoolMax), mark.read());
        } catch (IOException e) {
            throw new AuditException("cannot open the audit spool in " + settings.spoolDir() + ": " + e
                    + ": make the folder writable or set another audit spool folder", e);
        }
        if (spool.rows() > 0) {
            LOG.info("audit log: found {} spooled rows in {}; replaying them first", spool.rows(), spool.file());
            replayTick();
        }
        committer = new Thread(this::commitLoop, "ringrift-audit-writer");
        committer.setDaemon(true);
        committer.start();
        replayer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ringrift-audit-replayer");
            t.setDaemon(true);
            return t;
        });
        long every = settings.replayInterval().toMillis();
        replayer.scheduleWithFixedDelay(this::replayTick, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Stores a decision and returns its sequence number once it is durable (database or spool).
     *
     * @throws IllegalArgumentException when {@code row} is null
     * @throws AuditException when the log is closed, or neither the database nor the spool file took the row
     */
    public long record(DecisionRow row) {
        RowChecks.required("AuditLog.record(row)", row);
        return submit(new Pending(row, null, true));
    }

    /**
     * Writes a decision on {@code connection}, inside a transaction the caller commits, and returns
     * its sequence number; the row is durable when, and only when, that transaction commits (a
     * rollback leaves a gap in the node's sequence). Returns 0, with the transaction as it was,
     * when the row must take the ordinary way through {@link #record}: the row's job has a pending
     * deferral ({@code guard_deferral}: the ordinary way supersedes it), rows wait in the spool
     * (their order is kept), the database did not answer the last attempt, the log is closed, or
     * the insert failed (on H2 it runs under a savepoint; on PostgreSQL check and insert are one
     * statement that only a failed connection can fail). Never throws.
     */
    public long recordWithin(java.sql.Connection connection, DecisionRow row) {
        RowChecks.required("AuditLog.recordWithin(row)", row);
        if (connection == null || closed || !reachable || spool.rows() > 0) {
            return 0;
        }
        synchronized (seqLock) {
            if (!seqBaseKnown || spool.rows() > 0) {
                return 0;
            }
            long seq = lastSeq + 1;
            try {
                if (!AuditWriter.insertWithinUnlessDeferred(connection, row.withNodeAndSeq(settings.nodeId(), seq))) {
                    return 0;
                }
            } catch (RuntimeException e) {
                // PostgreSQL's one-statement insert failed: the connection failed, and the caller's transaction with it
                LOG.warn("audit log: cannot write decision {} inside the job store's transaction: {}", seq, e.toString());
                return 0;
            }
            lastSeq = seq;
            writeMark(false);
            return seq;
        }
    }

    /** Stores an outcome (attributed to its node, else this node) with the same durability as {@link #record}. */
    public void recordOutcome(OutcomeRow row) {
        RowChecks.required("AuditLog.recordOutcome(row)", row);
        submit(new Pending(null, row, true));
    }

    /**
     * Hands an outcome to the writer without waiting for it: the future completes once the row is
     * durable (database or spool), or exceptionally when neither took it. Outcomes are not acted on,
     * so the job's worker thread need not wait for their commit; they share the decisions' batches
     * (an outcome waits up to 50 ms for the next decision to commit with).
     *
     * @throws AuditException when the log is closed
     */
    public CompletableFuture<Long> submitOutcome(OutcomeRow row) {
        RowChecks.required("AuditLog.submitOutcome(row)", row);
        Pending p = new Pending(null, row, false);
        enqueue(p);
        return p.done;
    }

    /** Rows waiting in the spool file for the database. */
    public long spooledRows() {
        return spool.rows();
    }

    /** Whether the last attempt to use the database succeeded. */
    public boolean databaseReachable() {
        return reachable;
    }

    /** The node id written to every row. */
    public String nodeId() {
        return settings.nodeId();
    }

    /** The spool file (for operators and tests). */
    public Path spoolFile() {
        return spool.file();
    }

    private long submit(Pending p) {
        callers.incrementAndGet();
        try {
            return enqueueAndWait(p);
        } finally {
            callers.decrementAndGet();
        }
    }

    private void enqueue(Pending p) {
        closing.readLock().lock();
        try {
            if (closed) {
                throw new AuditException("the audit log is closed: record before closing it");
            }
            queue.add(p);
        } finally {
            closing.readLock().unlock();
        }
    }

    private long enqueueAndWait(Pending p) {
        enqueue(p);
        try {
            return p.done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new AuditException("cannot record audit row: " + e.getCause(), e.getCause());
        }
    }

    private void commitLoop() {
        List<Pending> batch = new ArrayList<>();
        long maxWaitNanos = settings.batchMaxWait().toNanos();
        int max = settings.batchMaxRows();
        while (true) {
            try {
                Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                // outcomes alone linger for the next decision's commit; a waiting caller shortens it to maxWait
                int waiters = 0;
                int counted = 0;
                long deadline = System.nanoTime() + (first.waited ? maxWaitNanos
                        : Math.max(maxWaitNanos, OUTCOME_LINGER_NANOS));
                while (batch.size() < max) {
                    queue.drainTo(batch, max - batch.size());
                    boolean hadWaiters = waiters > 0;
                    for (; counted < batch.size(); counted++) {
                        if (batch.get(counted).waited) {
                            waiters++;
                        }
                    }
                    if (!hadWaiters && waiters > 0) {
                        deadline = Math.min(deadline, System.nanoTime() + maxWaitNanos);
                    }
                    long left = deadline - System.nanoTime();
                    // close at once when every caller now waiting in record() is in the batch: waiting gains nothing
                    if (batch.size() >= max || left <= 0 || (waiters > 0 && waiters >= callers.get())) {
                        break;
                    }
                    Pending p = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (p == null) {
                        break;
                    }
                    batch.add(p);
                }
                store(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                LOG.error("audit log writer failed on a batch of {} rows", batch.size(), e);
                batch.forEach(p -> p.done.completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void store(List<Pending> batch) {
        long before;
        synchronized (seqLock) {
            before = lastSeq;
        }
        boolean stored = false;
        if (spool.rows() == 0) {
            try {
                synchronized (seqLock) {
                    if (!seqBaseKnown) {
                        lastSeq = Math.max(lastSeq, writer.maxSeq(settings.nodeId()));
                        before = lastSeq;
                        seqBaseKnown = true;
                    }
                }
                try {
                    before = number(batch);
                    insert(batch);
                } catch (SQLException e) {
                    if (!AuditWriter.isConstraintViolation(e)) {
                        throw e;
                    }
                    // another writer used our numbers (e.g. a spool folder was lost): continue after the table's max
                    long dbMax = writer.maxSeq(settings.nodeId());
                    LOG.error("audit log: sequence numbers of node {} after {} are already taken in the database "
                            + "(max {}); is a second process running with the same node id? continuing after {}",
                            settings.nodeId(), before, dbMax, dbMax);
                    synchronized (seqLock) {
                        giveBack(before, batch);
                        lastSeq = Math.max(lastSeq, dbMax);
                    }
                    before = number(batch);
                    insert(batch);
                }
                stored = true;
                markReachable();
            } catch (Exception e) {
                markOutage(e);
            }
        }
        if (!stored) {
            synchronized (seqLock) {
                giveBack(before, batch);
            }
            before = number(batch);
            List<String> lines = new ArrayList<>(batch.size());
            for (Pending p : batch) {
                lines.add(p.storedDecision != null ? SpoolCodec.encode(p.storedDecision)
                        : SpoolCodec.encode(p.storedOutcome));
            }
            try {
                spool.append(lines);
            } catch (IOException e) {
                synchronized (seqLock) {
                    giveBack(before, batch); // nothing of this batch is stored: hand the numbers out again
                }
                AuditException ae = new AuditException("cannot record " + batch.size()
                        + " audit rows: the database is unreachable and the spool file " + spool.file()
                        + " cannot be written (" + e + "): free disk space or fix its permissions", e);
                LOG.error(ae.getMessage());
                batch.forEach(p -> p.done.completeExceptionally(ae));
                return;
            }
        }
        synchronized (seqLock) {
            writeMark(!stored);
        }
        for (Pending p : batch) {
            p.done.complete(p.seq);
        }
    }

    /** Writes {@link #lastSeq} to the sequence mark (under {@link #seqLock}). */
    private void writeMark(boolean force) {
        try {
            mark.write(lastSeq, force);
        } catch (IOException e) {
            LOG.warn("audit log: cannot write sequence mark beside {}: {}", spool.file(), e.toString());
        }
    }

    /**
     * Gives the batch's decisions the next numbers after {@link #lastSeq} and this node's id;
     * returns the number before the first (under {@link #seqLock}: {@link #recordWithin} takes
     * numbers from the same sequence).
     */
    private long number(List<Pending> batch) {
        synchronized (seqLock) {
            long before = lastSeq;
            for (Pending p : batch) {
                if (p.decision != null) {
                    p.storedDecision = p.decision.withNodeAndSeq(settings.nodeId(), ++lastSeq);
                    p.seq = lastSeq;
                } else {
                    p.storedOutcome = p.outcome.nodeId() != null ? p.outcome : p.outcome.withNodeId(settings.nodeId());
                    p.seq = p.outcome.decisionSeq();
                }
            }
            return before;
        }
    }

    /**
     * The batch's numbers (given after {@code before}) are not used: hands them out again unless
     * {@link #recordWithin} has taken a number since (then they stay a gap). Under {@link #seqLock}.
     */
    private void giveBack(long before, List<Pending> batch) {
        long last = before;
        for (Pending p : batch) {
            if (p.decision != null) {
                last = Math.max(last, p.seq);
            }
        }
        if (lastSeq == last) {
            lastSeq = before;
        }
    }

    private void insert(List<Pending> batch) throws SQLException {
        List<DecisionRow> decisions = new ArrayList<>();
        List<OutcomeRow> outcomes = new ArrayList<>();
        for (Pending p : batch) {
            if (p.storedDecision != null) {
                decisions.add(p.storedDecision);
            } else {
                outcomes.add(p.storedOutcome);
            }
        }
        writer.insert(decisions, outcomes, false);
    }

    private long scanSpoolMaxSeq() throws IOException {
        long max = 0;
        long offset = 0;
        long end = spool.size();
        while (offset < end) {
            AuditSpool.Chunk chunk = spool.read(offset, end);
            for (String line : chunk.lines()) {
                try {
                    SpoolCodec.Entry e = SpoolCodec.decode(line);
                    if (e.decision() != null) {
                        max = Math.max(max, e.decision().seq());
                    }
                } catch (RuntimeException e) {
                    LOG.error("audit spool {}: skipping a damaged line: {}", spool.file(), e.getMessage());
                }
            }
            offset = chunk.nextOffset();
        }
        return max;
    }

    /** One replay attempt; runs on the replayer thread (and once in the constructor). */
    private synchronized void replayTick() {
        if (spool.rows() == 0) {
            return;
        }
        long replayed = 0;
        try {
            long offset = 0;
            while (true) {
                long end = spool.size();
                if (offset >= end) {
                    if (spool.clearIf(end)) {
                        break;
                    }
                    continue;
                }
                AuditSpool.Chunk chunk = spool.read(offset, end);
                List<DecisionRow> ds = new ArrayList<>();
                List<OutcomeRow> os = new ArrayList<>();
                for (String line : chunk.lines()) {
                    try {
                        SpoolCodec.Entry e = SpoolCodec.decode(line);
                        if (e.decision() != null) {
                            ds.add(e.decision());
                        } else {
                            os.add(e.outcome());
                        }
                    } catch (RuntimeException e) {
                        LOG.error("audit spool {}: skipping a damaged line: {}", spool.file(), e.getMessage());
                    }
                    if (ds.size() + os.size() >= REPLAY_ROWS_PER_TX) {
                        replayed += writer.insert(ds, os, true);
                        ds.clear();
                        os.clear();
                    }
                }
                replayed += writer.insert(ds, os, true);
                offset = chunk.nextOffset();
            }
            markReachable();
            LOG.info("audit log: replayed {} spooled rows into the database; spool is empty", replayed);
        } catch (IOException e) {
            LOG.error("audit log: cannot read spool file {}: {}", spool.file(), e.toString());
        } catch (Exception e) {
            markOutage(e);
        }
    }

    private void markReachable() {
        synchronized (outageLock) {
            reachable = true;
            outageLogged = false;
        }
        health.succeeded();
    }

    private void markOutage(Exception e) {
        boolean first;
        synchronized (outageLock) {
            reachable = false;
            first = !outageLogged;
            outageLogged = true;
        }
        health.failed("the audit log", e);
        if (first) {
            LOG.info("audit log: rows go to the spool file {} until the database answers, then are replayed",
                    spool == null ? settings.spoolDir() : spool.file());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /**
     * Stores the rows already handed in, stops the writer and the replayer. Rows still spooled stay
     * in the spool file for the next start.
     */
    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            closing.writeLock().unlock();
        }
        try {
            committer.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.done.completeExceptionally(new AuditException("the audit log was closed before this row was stored"));
        }
        replayer.shutdown();
        try {
            replayer.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            synchronized (seqLock) {
                mark.write(lastSeq, true);
            }
            mark.close();
            spool.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the audit spool " + spool.file(), e);
        }
    }

    private static final class Pending {
        final DecisionRow decision;
        final OutcomeRow outcome;
        /** Whether a caller blocks in record/recordOutcome until this row is stored. */
        final boolean waited;
        final CompletableFuture<Long> done = new CompletableFuture<>();
        DecisionRow storedDecision;
        OutcomeRow storedOutcome;
        long seq;

        Pending(DecisionRow decision, OutcomeRow outcome, boolean waited) {
            this.decision = decision;
            this.outcome = outcome;
            this.waited = waited;
        }
    }
}
