package ai.ringrift.examples.jobs;

import java.time.Instant;

/**
 * One row of the {@code elo_rating} table.
 *
 * @param modelId   checkpoint model id or baseline id
 * @param config    configuration name
 * @param rating    Elo rating
 * @param games     rated games played
 * @param updatedAt last update
 */
public record EloRating(String modelId, String config, double rating, int games, Instant updatedAt) {
}
