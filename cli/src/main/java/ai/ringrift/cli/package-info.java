/**
 * The {@code ringrift} command-line tool and daemon: {@code run}, {@code status}, {@code jobs},
 * {@code audit}, {@code explain}, {@code validate}, {@code recommend}. Entry point {@link ai.ringrift.cli.Main}.
 */
package ai.ringrift.cli;
