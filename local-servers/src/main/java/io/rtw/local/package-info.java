/**
 * Owns real Kafka (KRaft, one node), HBase (standalone) and Flink (standalone session cluster) processes on
 * 127.0.0.1 for development and integration tests, as an API: {@link io.rtw.local.LocalServers} starts, checks,
 * stops and reports them (the command line's {@code rtw local up|down|status|logs} lives in the cli module).
 *
 * <p><b>Processes.</b> Each server is a plain {@code java} process launched from jars in the local Maven
 * repository; every file it writes (generated configuration, data, log, pid file) lives under one work
 * directory, by default {@code $RTW_HOME/local} ({@code ./.rtw/local} without {@code RTW_HOME}):
 * <pre>
 *   kafka/   server.properties, data/, kafka.log/.pid/.args, address
 *   hbase/   conf/hbase-site.xml, root/, zookeeper/, hbase.log/.pid/.args, address
 *   flink/   conf/config.yaml, tmp/, flink-jobmanager.log/.pid/.args, flink-taskmanager.log/.pid/.args, address
 * </pre>
 * A pid file is trusted only while that process's command line still carries the marker
 * {@code -Drtw.local.process=NAME@WORKDIR}, so {@code down} stops exactly the processes {@code up} started
 * and a recycled pid is never signalled.
 *
 * <p><b>Classpaths.</b> {@code flink-dist} is not on every Maven mirror and the three servers need
 * different versions of shared libraries, so the module's build resolves each server in its own small
 * Maven build ({@code local-servers/servers/}, run by maven-invoker-plugin) and ships the result as
 * {@code io/rtw/local/<server>.classpath}: paths relative to the local Maven repository, which is found at
 * run time as Maven finds it ({@code -Drtw.maven.repo} or {@code $RTW_MAVEN_REPO} first, then
 * {@code -Dmaven.repo.local}, {@code <localRepository>} of the user and global {@code settings.xml}, else
 * {@code ~/.m2/repository}; {@link io.rtw.local.MavenRepository}). Flink's classpath is what {@code flink-dist}'s
 * {@code lib/} holds, from the individual jars. Stopping needs none of the jars: only the pid files and the
 * configuration the start wrote.
 *
 * <p><b>Readiness</b> is a real round trip: Kafka produces and consumes a record, HBase puts and gets a
 * row, Flink's REST API lists a registered TaskManager.
 */
package io.rtw.local;
