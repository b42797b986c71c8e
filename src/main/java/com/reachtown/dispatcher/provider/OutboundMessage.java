package com.reachtown.dispatcher.provider;

import java.net.URI;

/**
 * A message to send through a provider: a text, a template, or a media file with an
 * optional caption.
 *
 * @param messageId the dispatcher's id of the message
 * @param recipientPhone the recipient in E.164
 * @param body the text of the message, the media's caption, or {@code null} for a
 * template or a media file without caption
 * @param template the template to send instead of a text, or {@code null}
 * @param mediaUrl the http or https URL of a media file to send, or {@code null}
 */
public record OutboundMessage(String messageId, String recipientPhone, String body, MessageTemplate template,
		URI mediaUrl) {

	/**
	 * Creates a text message.
	 * @param messageId the dispatcher's id of the message
	 * @param recipientPhone the recipient in E.164
	 * @param body the text of the message
	 */
	public OutboundMessage(String messageId, String recipientPhone, String body) {
		this(messageId, recipientPhone, body, null, null);
	}

	/**
	 * Returns the media file described by the URL's extension, without fetching it.
	 * @return the media file, or {@code null} when the message has no media
	 */
	public MediaFile mediaFile() {
		return (this.mediaUrl != null) ? MediaFile.of(this.mediaUrl) : null;
	}

	/**
	 * Throws when the message is a template, for providers that cannot send templates.
	 * @param provider the provider's name
	 * @throws ProviderException if the message is a template, with kind
	 * {@link ProviderException.Kind#REJECTED}
	 */
	public void requireNoTemplate(String provider) {
		if (this.template != null) {
			throw new ProviderException(provider, ProviderException.Kind.REJECTED, null,
					"provider " + provider + " does not support templates; send message_body instead", null, null);
		}
	}

}
