package com.reachtown.dispatcher.provider;

/**
 * A normalized event taken from a provider's webhook: an inbound message or a status
 * update.
 */
public sealed interface ProviderEvent permits InboundMessage, StatusUpdate {

	/**
	 * Returns the name of the provider that sent the event.
	 * @return the provider name
	 */
	String provider();

	/**
	 * Returns the provider's id of the message the event is about.
	 * @return the provider message id
	 */
	String providerMessageId();

}
