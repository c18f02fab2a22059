package ai.ringrift.examples.game;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GameEngineTest {

    @Test
    void player1WinsByConnectingTopToBottom() {
        HexBoard b = new HexBoard(3);
        // player 1 plays column 0 (cells 0, 3, 6); player 2 plays cells 1, 4 in between
        int[] moves = {0, 1, 3, 4, 6};
        for (int m : moves) {
            assertThat(b.isOver()).isFalse();
            b.play(m);
        }
        assertThat(b.winner()).isEqualTo(1);
        assertThat(b.legalMoves()).isEmpty();
        assertThatThrownBy(() -> b.play(8)).hasMessageContaining("game over");
    }

    @Test
    void player2WinsByConnectingLeftToRight() {
        HexBoard b = new HexBoard(3);
        int[] moves = {0, 3, 1, 4, 8, 5};
        for (int m : moves) {
            b.play(m);
        }
        assertThat(b.winner()).isEqualTo(2);
    }

    @Test
    void distanceCountsEmptyCellsAndSeesBlocks() {
        HexBoard b = new HexBoard(4);
        assertThat(b.distanceToConnect(1)).isEqualTo(4);
        b.play(1); // player 1 in the top row
        assertThat(b.distanceToConnect(1)).isEqualTo(3);
        assertThat(b.features()[1]).isEqualTo(1.0);
        assertThat(b.features()[16]).isEqualTo(-1.0); // player 2 to move
    }

    @Test
    void everyGameEndsWithAWinnerAndReplays() {
        SelfplayEngine engine = new SelfplayEngine(GameConfig.parse("hex5"), "test", new RandomPlayer(),
                new GreedyPlayer(0.2));
        for (int i = 0; i < 30; i++) {
            GameRecord g = engine.play(99, i);
            assertThat(g.moves().size()).isBetween(9, 25);
            assertThat(g.replay().winner()).isEqualTo(g.winner());
            assertThat(engine.play(99, i)).isEqualTo(g);
        }
    }

    @Test
    void greedyBeatsRandom() {
        int greedyWins = 0;
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 20; i++) {
            boolean greedyFirst = i % 2 == 0;
            Player greedy = new GreedyPlayer(0);
            Player random = new RandomPlayer();
            int w = SelfplayEngine.playOut(5, greedyFirst ? greedy : random, greedyFirst ? random : greedy, rng.split());
            if ((w == 1) == greedyFirst) {
                greedyWins++;
            }
        }
        assertThat(greedyWins).isGreaterThanOrEqualTo(17);
    }

    @Test
    void trainingLowersTheLossAndLearnsWhoIsWinning() {
        SelfplayEngine engine = new SelfplayEngine(GameConfig.parse("hex4"), "test", new GreedyPlayer(0.3),
                new GreedyPlayer(0.3));
        List<GameRecord> games = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            games.add(engine.play(3, i));
        }
        ValueModelTrainer.Result r = ValueModelTrainer.train(4, games,
                new ValueModelTrainer.Settings(8, 0.02, 1e-4, 1), () -> false);
        assertThat(r.epochLoss()).hasSize(8);
        assertThat(r.epochLoss().get(7)).isLessThan(r.epochLoss().get(0));
        assertThat(r.epochLoss().get(7)).isLessThan(Math.log(2)); // better than a coin
        int positions = games.stream().mapToInt(g -> g.moves().size()).sum();
        assertThat(r.trainPositions() + r.heldOutPositions()).isEqualTo(positions);
        // better than always guessing the more frequent winner, on positions it did not train on
        double p1Rate = games.stream().filter(g -> g.winner() == 1).count() / (double) games.size();
        System.out.println("held-out accuracy " + r.heldOutAccuracy() + ", majority " + Math.max(p1Rate, 1 - p1Rate)
                + ", train " + r.trainAccuracy());
        assertThat(r.heldOutAccuracy()).isGreaterThan(Math.max(p1Rate, 1 - p1Rate));
    }

    @Test
    void configNamesAreValidated() {
        assertThat(GameConfig.parse(" HEX7 ").boardSize()).isEqualTo(7);
        assertThatThrownBy(() -> GameConfig.parse("hex2")).hasMessageContaining("3..11");
        assertThatThrownBy(() -> GameConfig.parse("chess")).hasMessageContaining("hexN");
    }

    @Test
    void eloMovesTowardTheResult() {
        assertThat(Elo.expected(1500, 1500)).isEqualTo(0.5);
        assertThat(Elo.update(1500, 1500, 1, 24)).isEqualTo(1512.0);
        assertThat(Elo.update(1500, 1500, 0, 24)).isEqualTo(1488.0);
        assertThat(Elo.expected(1700, 1500)).isGreaterThan(0.75);
    }
}
