package ai.ringrift.examples.jobs;

import ai.ringrift.db.Database;
import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.Priority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model promotion (CRITICAL): for each configuration, promotes the best-rated checkpoint of the
 * {@code elo_rating} table (baselines and checkpoints whose file is gone are passed over) to
 * {@code models/<config>/promoted.json}, written to a part file and moved into place atomically.
 * A no-op when that model is already the promoted one.
 *
 * <p>Parameters: {@code config} (every rated configuration when absent), {@code min_games}
 * (1: rated games a model needs before it can be promoted).
 */
@DisallowConcurrentExecution
@Guarded(priority = Priority.CRITICAL)
public class ModelPromotionJob implements Job {

    private static final Logger LOG = LoggerFactory.getLogger(ModelPromotionJob.class);

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        String job = "ModelPromotionJob";
        JobParams params = new JobParams(context, job);
        String only = params.raw("config");
        int minGames = params.integer("min_games", 1, 0, Integer.MAX_VALUE);
        DataDir data = DataDir.resolve(context);
        Database db = JobDatabase.require(context, job);
        EloTable table = JobDatabase.eloTable(db, job);
        StringJoiner out = new StringJoiner("; ");
        try {
            List<String> configs = only != null ? List.of(AbstractSelfplayJob.config(params, job).name())
                    : table.configs();
            if (configs.isEmpty()) {
                out.add("nothing to promote: no ratings yet (run evaluation first)");
            }
            for (String config : configs) {
                out.add(promote(config, table.ranking(config), data, minGames));
            }
        } catch (SQLException e) {
            throw new JobExecutionException(job + ": cannot read elo_rating from " + db.describe() + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new JobExecutionException(job + ": " + e.getMessage(), e);
        }
        String summary = out.toString();
        LOG.info("{}", summary);
        context.setResult(summary);
    }

    private static String promote(String config, List<EloRating> ranking, DataDir data, int minGames)
            throws IOException {
        for (EloRating best : ranking) {
            Path file = Checkpoint.fileOf(data.models(), best.modelId());
            if (best.games() < minGames || !Files.isRegularFile(file)) {
                continue;
            }
            Path promoted = data.models(config).resolve(Promotion.FILE_NAME);
            if (Files.isRegularFile(promoted)) {
                String current = Promotion.read(promoted).modelId();
                if (best.modelId().equals(current)) {
                    return String.format(Locale.ROOT, "%s: %s already promoted (Elo %.1f)", config, current,
                            best.rating());
                }
            }
            Checkpoint checkpoint = Checkpoint.read(file);
            new Promotion(best.modelId(), config, best.rating(), best.games(), Instant.now().toString(), checkpoint)
                    .write(promoted);
            return String.format(Locale.ROOT, "%s: promoted %s (Elo %.1f, %d games) to %s", config, best.modelId(),
                    best.rating(), best.games(), promoted);
        }
        return config + ": no rated checkpoint with at least " + minGames + " games and its file under "
                + data.models(config) + "; nothing promoted";
    }
}
