package com.reachtown.dispatcher.webhook;

import com.reachtown.dispatcher.provider.InboundMessage;
import com.reachtown.dispatcher.provider.WebhookParseResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Counts webhooks in {@code dispatcher.webhooks}, tagged with the {@code provider}
 * ({@code unknown} when none could be chosen), the {@code kind} of the events it carried
 * ({@code incoming}, {@code status}, or {@code unknown} when it carried none) and the
 * {@code outcome}: {@code accepted} (an event was stored for forwarding),
 * {@code duplicate}, {@code ignored}, {@code invalid} (authentic but unparseable) or
 * {@code rejected} (failed authentication).
 */
@Component
public class WebhookMetrics {

	static final String WEBHOOKS = "dispatcher.webhooks";

	static final String UNKNOWN = "unknown";

	private final MeterRegistry registry;

	WebhookMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void stored(WebhookParseResult result, String outcome) {
		count(result.provider(), kindOf(result), outcome);
	}

	void invalid(String provider) {
		count(provider, UNKNOWN, "invalid");
	}

	void rejected(String provider) {
		count(provider, UNKNOWN, "rejected");
	}

	private void count(String provider, String kind, String outcome) {
		Counter.builder(WEBHOOKS)
			.description("Webhooks received from providers, by outcome")
			.tags("provider", (provider != null) ? provider : UNKNOWN, "kind", kind, "outcome", outcome)
			.register(this.registry)
			.increment();
	}

	private static String kindOf(WebhookParseResult result) {
		if (result.events().isEmpty()) {
			return UNKNOWN;
		}
		return (result.events().get(0) instanceof InboundMessage) ? "incoming" : "status";
	}

}
