package com.reachtown.dispatcher.provider;

import java.time.Instant;
import java.util.List;

/**
 * A message a contact sent, normalized from a provider's webhook.
 *
 * @param provider the provider name
 * @param providerMessageId the provider's id of the message
 * @param fromPhone the sender in E.164, or empty when the provider gave no phone number
 * (a LID)
 * @param waId the provider's raw sender id, such as {@code 556499998888}
 * @param toPhone the number that received the message in E.164, or {@code null}
 * @param contactName the sender's profile name, or {@code null}
 * @param text the text or caption, empty for a message with neither
 * @param messageType {@code text}, {@code image}, {@code audio}, {@code video},
 * {@code document}, {@code location}, {@code button}, …
 * @param media the attached media, possibly none
 * @param inReplyTo the provider id of the quoted message, or {@code null}
 * @param receivedAt when the provider received the message
 */
public record InboundMessage(String provider, String providerMessageId, String fromPhone, String waId, String toPhone,
		String contactName, String text, String messageType, List<Media> media, String inReplyTo,
		Instant receivedAt) implements ProviderEvent {

	public InboundMessage {
		media = List.copyOf(media);
	}

	/**
	 * One media attachment of an inbound message.
	 *
	 * @param url where the provider serves the file
	 * @param contentType its MIME type, or {@code null} when the provider did not give
	 * one
	 */
	public record Media(String url, String contentType) {
	}

}
