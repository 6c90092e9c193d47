package io.rtw.kv.hbase;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A subtask's share of the job-wide rate limit. */
class RateLimiterTest {

    @Test
    void eachSubtaskTakesItsShareOfTheJobLimit() {
        assertThat(RateLimiter.forSubtask(100, 1).intervalNanos()).isEqualTo(10_000_000L);
        assertThat(RateLimiter.forSubtask(100, 4).intervalNanos()).isEqualTo(40_000_000L);
        assertThat(RateLimiter.forSubtask(0.5, 1).intervalNanos()).isEqualTo(2_000_000_000L);
        assertThat(RateLimiter.forSubtask(3, 2).intervalNanos()).isEqualTo(666_666_667L);
    }

    @Test
    void pacesRowsAtLeastOneIntervalApart() throws InterruptedException {
        RateLimiter limiter = RateLimiter.forSubtask(1000, 1);
        long start = System.nanoTime();
        for (int i = 0; i < 21; i++) {
            limiter.acquire();
        }
        // 21 rows at 1000/s: the first goes at once, the last 20 ms later at the earliest.
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(20_000_000L - 1_000_000L);
    }

    @Test
    void rejectsLimitsThatAreNotPositive() {
        assertThatThrownBy(() -> RateLimiter.forSubtask(0, 2))
                .hasMessage("rate limit must be a positive number of rows per second, got 0.0");
        assertThatThrownBy(() -> RateLimiter.forSubtask(10, 0)).hasMessage("parallelism must be at least 1, got 0");
    }
}
