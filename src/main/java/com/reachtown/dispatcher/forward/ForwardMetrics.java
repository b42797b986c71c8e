package com.reachtown.dispatcher.forward;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Meters of the forwards to reach-town: {@code dispatcher.forwards} counts each attempt
 * of the outbox relay by event {@code kind} and {@code outcome} ({@code delivered},
 * {@code retry} when the event was rescheduled, {@code dead} when it became a dead
 * letter), and {@code dispatcher.forward.latency} times each call to reach-town,
 * in-process retries included, by {@code kind}.
 */
@Component
public class ForwardMetrics {

	static final String FORWARDS = "dispatcher.forwards";

	static final String LATENCY = "dispatcher.forward.latency";

	static final String DELIVERED = "delivered";

	static final String RETRY = "retry";

	static final String DEAD = "dead";

	private final MeterRegistry registry;

	ForwardMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void count(String kind, String outcome) {
		Counter.builder(FORWARDS)
			.description("Outbox events forwarded to reach-town, by outcome")
			.tags("kind", kind, "outcome", outcome)
			.register(this.registry)
			.increment();
	}

	void time(String kind, Runnable forward) {
		Timer.builder(LATENCY)
			.description("Time to forward one event to reach-town, in-process retries included")
			.tag("kind", kind)
			.register(this.registry)
			.record(forward);
	}

}
