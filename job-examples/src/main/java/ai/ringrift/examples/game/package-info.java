/**
 * A small CPU-bound game engine for the example jobs: Hex on a small board ({@link
 * ai.ringrift.examples.game.HexBoard}), random, greedy-with-noise and value-model players, a
 * seeded self-play engine, a logistic-regression value model with its trainer, and Elo arithmetic.
 */
package ai.ringrift.examples.game;
