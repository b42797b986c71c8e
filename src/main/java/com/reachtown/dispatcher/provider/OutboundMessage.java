package com.reachtown.dispatcher.provider;

/**
 * A message to send through a provider.
 *
 * @param messageId the dispatcher's id of the message
 * @param recipientPhone the recipient in E.164
 * @param body the text of the message
 */
public record OutboundMessage(String messageId, String recipientPhone, String body) {
}
