package com.reachtown.dispatcher.provider;

import java.util.Map;

/**
 * What a provider returns for an accepted message.
 *
 * @param providerMessageId the provider's id of the message, which its status callbacks
 * carry
 * @param details provider-specific fields for the send response, such as
 * {@code twilio_sid}
 */
public record SendResult(String providerMessageId, Map<String, String> details) {

	public SendResult {
		details = Map.copyOf(details);
	}

}
