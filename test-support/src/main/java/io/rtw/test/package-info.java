/** The one Flink harness the modules' tests share: loopback MiniClusters, a Paimon warehouse read back as rows. */
package io.rtw.test;
