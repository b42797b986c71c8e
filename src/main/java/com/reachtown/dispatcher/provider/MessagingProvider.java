package com.reachtown.dispatcher.provider;

import java.util.Map;

/**
 * One WhatsApp provider: sends messages through its API and turns its webhooks into
 * normalized events. Implementations know nothing of the dispatcher's entry points or of
 * reach-town.
 */
public interface MessagingProvider {

	/**
	 * Returns the provider's name as used in configuration, requests and events
	 * ({@code twilio}).
	 * @return the name, lower case
	 */
	String name();

	/**
	 * Sends one message.
	 * @param message the message, with its recipient already in E.164
	 * @return the provider's id of the message and any provider-specific details
	 * @throws ProviderException if the provider rejected the message or could not be
	 * reached
	 */
	SendResult send(OutboundMessage message);

	/**
	 * Returns the provider-specific fields of a send response for a message the provider
	 * accepted, such as {@code twilio_sid}.
	 * @param providerMessageId the provider's id of the message
	 * @return the details; by default {@code <name>_id}
	 */
	default Map<String, String> providerDetails(String providerMessageId) {
		return Map.of(name() + "_id", providerMessageId);
	}

	/**
	 * Tells whether a webhook request comes from this provider, judging by its headers
	 * and shape. Called only when the request does not name its provider.
	 * @param request the webhook request
	 * @return {@code true} if this adapter should handle it
	 */
	boolean recognizes(WebhookRequest request);

	/**
	 * Verifies a webhook's signature and turns it into normalized events.
	 * @param request the webhook request
	 * @return the events it carries, possibly none
	 * @throws WebhookAuthenticationException if the signature is missing or wrong
	 * @throws InvalidWebhookException if the request authenticates but cannot be parsed
	 */
	WebhookParseResult parseWebhook(WebhookRequest request);

	/**
	 * Returns the reply this provider expects once a webhook's events are stored.
	 * @param request the webhook request
	 * @return the reply; by default 200 with no body
	 */
	default WebhookReply replyTo(WebhookRequest request) {
		return WebhookReply.EMPTY;
	}

}
