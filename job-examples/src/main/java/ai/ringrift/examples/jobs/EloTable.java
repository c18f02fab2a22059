package ai.ringrift.examples.jobs;

import ai.ringrift.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads and writes the {@code elo_rating} table (the examples' own migration
 * {@code V100__elo_ratings.sql}, see {@link ExampleMigrations}) with portable SQL (update, else
 * insert, in one transaction), on H2 and PostgreSQL alike.
 */
public final class EloTable {

    private final DataSource dataSource;

    /** On a data source whose examples' migrations have been applied. */
    public EloTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** On {@code db}, applying the examples' migrations first when this process has not yet. */
    public static EloTable on(Database db) {
        ExampleMigrations.ensure(db);
        return new EloTable(db.dataSource());
    }

    /** The ratings of one configuration, best first (ties: model id). */
    public List<EloRating> ranking(String config) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT model_id, config, rating, games, updated_at"
                     + " FROM elo_rating WHERE config = ? ORDER BY rating DESC, model_id")) {
            ps.setString(1, config);
            try (ResultSet rs = ps.executeQuery()) {
                List<EloRating> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row(rs));
                }
                return out;
            }
        }
    }

    /** The distinct configurations that have ratings. */
    public List<String> configs() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT DISTINCT config FROM elo_rating ORDER BY config");
             ResultSet rs = ps.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    public Optional<EloRating> find(String modelId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT model_id, config, rating, games, updated_at"
                     + " FROM elo_rating WHERE model_id = ?")) {
            ps.setString(1, modelId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** Inserts or updates every rating, all in one transaction. */
    public void saveAll(Collection<EloRating> ratings) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE elo_rating SET config = ?, rating = ?, games = ?, updated_at = ? WHERE model_id = ?");
                 PreparedStatement insert = c.prepareStatement(
                         "INSERT INTO elo_rating (model_id, config, rating, games, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                for (EloRating r : ratings) {
                    OffsetDateTime at = OffsetDateTime.ofInstant(r.updatedAt(), ZoneOffset.UTC);
                    update.setString(1, r.config());
                    update.setDouble(2, r.rating());
                    update.setInt(3, r.games());
                    update.setObject(4, at);
                    update.setString(5, r.modelId());
                    if (update.executeUpdate() == 0) {
                        insert.setString(1, r.modelId());
                        insert.setString(2, r.config());
                        insert.setDouble(3, r.rating());
                        insert.setInt(4, r.games());
                        insert.setObject(5, at);
                        insert.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    private static EloRating row(ResultSet rs) throws SQLException {
        OffsetDateTime at = rs.getObject(5, OffsetDateTime.class);
        return new EloRating(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getInt(4), at.toInstant());
    }
}
