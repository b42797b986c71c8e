package com.reachtown.dispatcher.provider;

/**
 * Takes events that a provider produces on its own, outside a webhook request (the Mock
 * provider's played-back status callbacks), through the same pipeline as webhook events.
 */
public interface ProviderEventSink {

	/**
	 * Stores the events for forwarding, as if a webhook had carried them.
	 * @param result the events
	 */
	void accept(WebhookParseResult result);

}
