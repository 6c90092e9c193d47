/**
 * Stream jobs: what a stream run of the warehouse's SQL needs beyond Flink itself, starting with the
 * {@code rtw-json} format that routes malformed records to a dead-letter path instead of failing or
 * dropping them.
 */
package io.rtw.stream;
