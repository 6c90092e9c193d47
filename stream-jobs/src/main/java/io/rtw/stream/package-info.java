/**
 * Stream jobs: what only stream runs add to the runtime's steps ({@link io.rtw.stream.StreamRuns}): a bounded replay
 * whose sources each kind fixes through the binding SPI, and a job that runs until stopped (its checkpoints and
 * restarts, Ctrl-C stopping it with a savepoint); and the example warehouse's generated day.
 */
package io.rtw.stream;
