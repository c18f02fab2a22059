/**
 * The fleet in the database (issue 14): the node registry ({@link ai.ringrift.db.fleet.NodeRegistry},
 * table {@code guard_node}, one heartbeat row per node) read as a {@link ai.ringrift.db.fleet.FleetView},
 * and the emergency halts ({@link ai.ringrift.db.fleet.HaltStore}, table {@code guard_halt}).
 *
 * <p>Read API for other fleet-wide rules (caps, work moving off a pressured node): open a
 * {@code NodeRegistry} on the shared {@code DataSource} and call
 * {@link ai.ringrift.db.fleet.NodeRegistry#view(java.time.Duration)}; the view says for every node
 * whether it is {@link ai.ringrift.db.fleet.FleetView.State#LIVE LIVE}, {@code LOST} (silent longer
 * than the bound) or {@code STOPPED} (shut down cleanly), with its last heartbeat
 * ({@link ai.ringrift.db.fleet.NodeHeartbeat}: level, worst resource, readings, capacity, running
 * fires per job, halted). Heartbeat times are the database's clock, so the nodes' clocks need not agree.
 */
package ai.ringrift.db.fleet;
