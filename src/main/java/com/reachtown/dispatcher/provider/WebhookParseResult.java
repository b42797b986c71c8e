package com.reachtown.dispatcher.provider;

import java.util.List;

/**
 * The events a webhook carries, and why it carries none when that is the case.
 *
 * @param provider the name of the provider that sent the webhook
 * @param events the normalized events, possibly none
 * @param ignoredReason why the webhook yields no event (an echo of our own send, a group
 * message, an event type the dispatcher does not use), or {@code null}
 */
public record WebhookParseResult(String provider, List<ProviderEvent> events, String ignoredReason) {

	public WebhookParseResult {
		events = List.copyOf(events);
	}

	public static WebhookParseResult of(String provider, ProviderEvent event) {
		return new WebhookParseResult(provider, List.of(event), null);
	}

	public static WebhookParseResult ignored(String provider, String reason) {
		return new WebhookParseResult(provider, List.of(), reason);
	}

}
