package com.reachtown.dispatcher.forward;

import java.time.Instant;
import java.util.List;

import com.reachtown.dispatcher.provider.InboundMessage;

/**
 * The body of {@code POST /api/webhooks/messages/incoming}, serialized in snake case.
 * Optional fields are left out when {@code null}.
 *
 * @param fromPhone the sender in E.164, empty when the provider gave only a LID
 * @param messageText the text or caption
 * @param providerMessageId the provider's id of the message
 * @param provider the provider name
 * @param receivedAt when the provider received it
 * @param contactName the sender's profile name
 * @param toPhone the number that received it
 * @param media the attached media, {@code null} when there is none
 * @param messageType {@code text}, {@code image}, {@code button}, …
 * @param inReplyTo the provider id of the quoted message
 * @param waId the provider's raw sender id
 */
public record IncomingPayload(String fromPhone, String messageText, String providerMessageId, String provider,
		Instant receivedAt, String contactName, String toPhone, List<InboundMessage.Media> media, String messageType,
		String inReplyTo, String waId) {

	/**
	 * Creates the payload of an inbound message.
	 * @param message the normalized message
	 * @return the payload
	 */
	public static IncomingPayload of(InboundMessage message) {
		List<InboundMessage.Media> media = message.media().isEmpty() ? null : message.media();
		return new IncomingPayload(message.fromPhone(), message.text(), message.providerMessageId(), message.provider(),
				message.receivedAt(), message.contactName(), message.toPhone(), media, message.messageType(),
				message.inReplyTo(), message.waId());
	}

}
