/**
 * JUnit 5 extensions that give integration tests a real Kafka broker ({@link io.rtw.local.junit.KafkaExtension})
 * and a real HBase ({@link io.rtw.local.junit.HBaseExtension}), launched by the same code as
 * {@code rtw local up} on free loopback ports in a temporary work directory; and a real HDFS for one test class
 * ({@link io.rtw.local.junit.HdfsExtension}, Hadoop's MiniDFSCluster in the test JVM, when the module takes
 * {@code hadoop-minicluster}).
 *
 * <p>Use them from another module as a test-scoped dependency on {@code io.rtw:rtw-local-servers} (they live
 * in the main jar so no test-jar is needed; JUnit is an optional dependency, the caller has it):
 * <pre>
 *   &#64;RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
 *   &#64;RegisterExtension static final HBaseExtension HBASE = new HBaseExtension();
 *   ... KAFKA.bootstrapServers(), HBASE.zookeeperQuorum(), HBASE.stop(), HBASE.start()
 * </pre>
 *
 * <p><b>Shared per JVM, not per test class.</b> Each server starts once, when the first test class that
 * registers its extension runs, and is stopped (killed: its directory is thrown away) when the test
 * run ends. The extensions start their servers in the background in {@code beforeAll}, so Kafka and HBase
 * come up together, and wait for them before each test and in the accessors that need a live server. Starting Kafka and HBase costs 10-40 s on a loaded 2-core machine, which would otherwise be
 * paid by every test class. The price: state outlives a class, so tests use their own topic and table
 * names, and a class that stops HBase ({@link io.rtw.local.junit.HBaseExtension#stop()}) must expect the
 * next class to find it running again: the extension restarts it after that class if the class did not.
 * The servers exit with the test JVM even when it is killed (they watch its pid). Set
 * {@code -Drtw.local.keep=true} to keep the work directory (and its logs) after the run.
 */
package io.rtw.local.junit;
