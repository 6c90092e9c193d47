package io.rtw.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The REST client against a stand-in JobManager endpoint: a cluster that is still electing its leader. */
class FlinkRestTest {

    private static final String UNAVAILABLE =
            "{\"errors\":[\"Service temporarily unavailable due to an ongoing leader election. Please refresh.\"]}";

    private HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aClusterElectingItsLeaderIsAskedAgainUntilItAnswers() throws Exception {
        answer(3);
        assertThat(rest().classpath()).containsExactly("/opt/flink/lib/flink-dist-2.1.1.jar");
        assertThat(calls.get()).isEqualTo(4);
    }

    @Test
    void anotherErrorIsReportedAtOnce() {
        server.createContext("/jobmanager/environment", exchange -> {
            calls.incrementAndGet();
            respond(exchange, 500, "{\"errors\":[\"boom\"]}");
        });
        assertThatThrownBy(() -> rest().classpath()).isInstanceOf(IOException.class)
                .hasMessage("GET /jobmanager/environment answered 500: boom");
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void aRefusedRequestIsAUserErrorWithTheClustersReasonInOneLine() {
        server.createContext("/jobs/0123456789abcdef0123456789abcdef/savepoints", exchange -> respond(exchange, 400,
                "{\"errors\":[\"org.apache.flink.runtime.rest.handler.RestHandlerException: Config key "
                        + "[execution.checkpointing.savepoint-dir] is not set. Property [target-directory] must be "
                        + "provided.\\n\\tat org.apache.flink.runtime.rest.handler.job.savepoints.SavepointHandlers"
                        + "(SavepointHandlers.java:244)\\n\"]}"));
        assertThatThrownBy(() -> rest().savepoint("0123456789abcdef0123456789abcdef", Optional.empty(), false,
                Duration.ofSeconds(5))).isInstanceOf(JobException.class)
                .hasMessage("the cluster at http://127.0.0.1:" + server.getAddress().getPort() + " refused POST "
                        + "/jobs/0123456789abcdef0123456789abcdef/savepoints: Config key "
                        + "[execution.checkpointing.savepoint-dir] is not set. Property [target-directory] must be "
                        + "provided.");
        assertThat(FlinkRest.errors("<html>Bad Gateway</html>\n")).isEqualTo("<html>Bad Gateway</html>");
    }

    @Test
    void aChainsFirstOperatorIsTheFirstLineOfItsHtmlDescription() {
        assertThat(FlinkRest.firstOperator("[4]:GroupAggregate(groupBy=[channel], select=[channel, SUM(pv) AS EXPR$1])"
                + "<br/>+- [5]:Calc(select=[channel, EXPR$1])<br/>")).isEqualTo(
                        "[4]:GroupAggregate(groupBy=[channel], select=[channel, SUM(pv) AS EXPR$1])");
        assertThat(FlinkRest.firstOperator("[2]:Calc(select=[CONCAT('gives &quot;', x, '&quot;') AS m], "
                + "where=[(a &gt; b) AND (c &lt;= d) AND e &amp; f])")).isEqualTo(
                        "[2]:Calc(select=[CONCAT('gives \"', x, '\"') AS m], where=[(a > b) AND (c <= d) AND e & f])");
        assertThat(FlinkRest.firstOperator("Writer : channel_pv<br/>")).isEqualTo("Writer : channel_pv");
    }

    @Test
    void aFailureIsItsInnermostCauseInOneLine() {
        String trace = """
                org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy
                \tat org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler.handleFailure(X.java:1)
                Caused by: java.io.IOException: table lookup failed
                \tat io.rtw.kv.hbase.HBaseLookup.eval(HBaseLookup.java:2)
                Caused by: org.apache.zookeeper.KeeperException$ConnectionLossException: KeeperErrorCode = \
                ConnectionLoss for /hbase/hbaseid
                \tat org.apache.zookeeper.KeeperException.create(KeeperException.java:3)
                """;
        assertThat(FlinkRest.innermost("org.apache.flink.runtime.JobException", trace))
                .isEqualTo("ConnectionLossException: KeeperErrorCode = ConnectionLoss for /hbase/hbaseid");
        assertThat(FlinkRest.innermost("java.lang.NullPointerException", "java.lang.NullPointerException\n\tat a.B(B.java:1)"))
                .isEqualTo("NullPointerException");
        assertThat(FlinkRest.innermost("java.lang.IllegalStateException", "")).isEqualTo("IllegalStateException");
    }

    /** The environment endpoint answers 503 {@code unavailable} times, then the class path. */
    private void answer(int unavailable) {
        server.createContext("/jobmanager/environment", exchange -> {
            if (calls.incrementAndGet() <= unavailable) {
                respond(exchange, 503, UNAVAILABLE);
            } else {
                respond(exchange, 200, "{\"classpath\":[\"/opt/flink/lib/flink-dist-2.1.1.jar\"]}");
            }
        });
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private FlinkRest rest() {
        return new FlinkRest("127.0.0.1", server.getAddress().getPort());
    }
}
