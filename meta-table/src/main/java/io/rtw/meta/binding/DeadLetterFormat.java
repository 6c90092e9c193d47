package io.rtw.meta.binding;

import org.apache.flink.table.factories.Factory;

import java.util.Map;

/**
 * A decoding format that stands in for a plain one ({@code json}, say) on stream sources with a dead-letter table:
 * found through Flink's {@link Factory} SPI by the plain format it reads ({@link #standsIn}), so any binding kind whose
 * source is read with that format gets dead letters without naming the format (see
 * {@link BindingFactory#deadLetterDecoding}).
 */
public interface DeadLetterFormat extends Factory {

    /** The plain format whose records this one reads, as a binding's {@code format} option names it. */
    String standsIn();

    /**
     * The source's connector options read with this format instead of the plain one, and the columns it fills.
     *
     * @param options the connector options as compiled, with {@code format} = {@link #standsIn()}
     */
    DeadLetterDecoding decoding(Map<String, String> options, DeadLetterDecoding.Request request);
}
