package com.reachtown.dispatcher.provider.evolution;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.reachtown.dispatcher.phone.InvalidPhoneNumberException;
import com.reachtown.dispatcher.phone.WhatsAppIds;
import com.reachtown.dispatcher.phone.WhatsAppSender;
import com.reachtown.dispatcher.provider.BaileysMessageContent;
import com.reachtown.dispatcher.provider.InboundMessage;
import com.reachtown.dispatcher.provider.InboundMessage.Media;
import com.reachtown.dispatcher.provider.InvalidWebhookException;
import com.reachtown.dispatcher.provider.MessageStatus;
import com.reachtown.dispatcher.provider.StatusUpdate;
import com.reachtown.dispatcher.provider.WebhookParseResult;
import com.reachtown.dispatcher.provider.WebhookTimestamps;
import tools.jackson.databind.JsonNode;

/**
 * Turns Evolution API v2 webhook envelopes ({@code {event, instance, data, date_time,
 * sender, server_url, apikey}}) into normalized events. Only {@code messages.upsert} (a
 * message) and {@code messages.update} (a receipt) carry events; every other event is
 * ignored with its name as the reason.
 */
class EvolutionWebhookParser {

	static final String EVENT = "event";

	static final String DATA = "data";

	static final String DATE_TIME = "date_time";

	static final String SENDER = "sender";

	static final String KEY = "key";

	static final String REMOTE_JID = "remoteJid";

	static final String REMOTE_JID_ALT = "remoteJidAlt";

	static final String SENDER_PN = "senderPn";

	static final String FROM_ME = "fromMe";

	static final String ID = "id";

	static final String KEY_ID = "keyId";

	static final String PUSH_NAME = "pushName";

	static final String MESSAGE = "message";

	static final String MESSAGE_TYPE = "messageType";

	static final String MESSAGE_TIMESTAMP = "messageTimestamp";

	static final String CONTEXT_INFO = "contextInfo";

	static final String STANZA_ID = "stanzaId";

	static final String MEDIA_URL = "mediaUrl";

	static final String STATUS = "status";

	static final String MESSAGES_UPSERT = "messages.upsert";

	static final String MESSAGES_UPDATE = "messages.update";

	/** Evolution's names of Baileys' message statuses, which {@code DELETED} joins. */
	private static final Map<String, MessageStatus> STATUSES = Map.of("ERROR", MessageStatus.FAILED, "PENDING",
			MessageStatus.SENDING, "SERVER_ACK", MessageStatus.SENT, "DELIVERY_ACK", MessageStatus.DELIVERED, "READ",
			MessageStatus.READ, "PLAYED", MessageStatus.READ);

	private final Clock clock;

	EvolutionWebhookParser(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Returns an event name in the dotted lower-case form: Evolution writes
	 * {@code messages.upsert}, {@code MESSAGES_UPSERT} or, in webhook URLs,
	 * {@code messages-upsert}.
	 * @param event the name as received
	 * @return the name such as {@code messages.upsert}
	 */
	static String normalizeEvent(String event) {
		return event.strip().toLowerCase(Locale.ROOT).replace('_', '.').replace('-', '.');
	}

	/**
	 * Parses one webhook envelope.
	 * @param envelope the JSON body
	 * @return the event, or an ignored result with the reason
	 * @throws InvalidWebhookException if a field the event needs is missing or invalid
	 */
	WebhookParseResult parse(JsonNode envelope) {
		String event = normalizeEvent(required(envelope, EVENT));
		JsonNode data = envelope.get(DATA);
		if (!event.equals(MESSAGES_UPSERT) && !event.equals(MESSAGES_UPDATE)) {
			return ignored("event " + event + " is not used");
		}
		if (data == null || !data.isObject()) {
			throw new InvalidWebhookException("Evolution " + event + " webhook has no data object");
		}

		Instant eventTime = eventTime(envelope, data);
		return event.equals(MESSAGES_UPSERT) ? parseUpsert(data, envelope, eventTime) : parseUpdate(data, eventTime);
	}

	private WebhookParseResult parseUpsert(JsonNode data, JsonNode envelope, Instant receivedAt) {
		JsonNode key = data.path(KEY);
		String remoteJid = required(key, REMOTE_JID);
		String id = required(key, ID);
		if (key.path(FROM_ME).asBoolean(false)) {
			return ignored("message " + id + " was sent from the instance's own account (fromMe)");
		}
		if (WhatsAppIds.isGroupOrBroadcast(remoteJid)) {
			return ignored("message " + id + " is from a group or broadcast (" + remoteJid + ")");
		}

		JsonNode content = BaileysMessageContent.unwrap(data.get(MESSAGE));
		WhatsAppSender sender = sender(remoteJid, key);
		return WebhookParseResult.of(EvolutionProvider.NAME,
				new InboundMessage(EvolutionProvider.NAME, id, sender.fromPhone(), sender.waId(),
						ownNumber(envelope.path(SENDER)), text(data, PUSH_NAME), BaileysMessageContent.text(content),
						messageType(content, data), media(data.get(MESSAGE), content), inReplyTo(data, content),
						receivedAt));
	}

	private WebhookParseResult parseUpdate(JsonNode data, Instant updatedAt) {
		String id = firstText(data, KEY_ID, ID);
		if (id == null) {
			id = text(data.path(KEY), ID);
		}
		if (id == null) {
			throw new InvalidWebhookException("Evolution messages.update webhook has no keyId");
		}
		String providerStatus = required(data, STATUS).toUpperCase(Locale.ROOT);
		if (providerStatus.equals("DELETED")) {
			return ignored("message " + id + " was deleted (status DELETED)");
		}
		if (data.has(FROM_ME) && !data.get(FROM_ME).asBoolean(true)) {
			return ignored("status " + providerStatus + " is about message " + id + " that the contact sent");
		}

		MessageStatus status = STATUSES.get(providerStatus);
		if (status == null) {
			throw new InvalidWebhookException(
					"Evolution messages.update webhook has an unknown status " + providerStatus
							+ "; expected one of ERROR, PENDING, SERVER_ACK, DELIVERY_ACK, READ, PLAYED," + " DELETED");
		}
		return WebhookParseResult.of(EvolutionProvider.NAME,
				new StatusUpdate(EvolutionProvider.NAME, id, status, providerStatus, null, null, updatedAt));
	}

	/**
	 * Resolves the sender. A LID sender's phone number is in {@code remoteJidAlt}
	 * (Baileys 7) or {@code senderPn} (Baileys 6.7), when WhatsApp shares it.
	 */
	private static WhatsAppSender sender(String remoteJid, JsonNode key) {
		try {
			return WhatsAppSender.resolve(remoteJid, text(key, REMOTE_JID_ALT), text(key, SENDER_PN));
		}
		catch (InvalidPhoneNumberException ex) {
			throw new InvalidWebhookException("Evolution webhook has an invalid sender: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Returns the instance's own number from the envelope's {@code sender}, when valid.
	 */
	private static String ownNumber(JsonNode sender) {
		if (!sender.isString() || WhatsAppIds.isLid(sender.asString())) {
			return null;
		}
		try {
			return WhatsAppIds.toE164(sender.asString());
		}
		catch (InvalidPhoneNumberException ex) {
			return null;
		}
	}

	/**
	 * Returns the message type: reach-town's name for a known content, else Evolution's
	 * {@code messageType} without its {@code Message} suffix ({@code protocol} for
	 * {@code protocolMessage}).
	 */
	private static String messageType(JsonNode content, JsonNode data) {
		String type = BaileysMessageContent.type(content);
		if (type != null) {
			return type;
		}
		String evolutionType = text(data, MESSAGE_TYPE);
		if (evolutionType == null) {
			return "unknown";
		}
		return evolutionType.endsWith("Message")
				? evolutionType.substring(0, evolutionType.length() - "Message".length()) : evolutionType;
	}

	/**
	 * Returns the attachment. With S3 storage on, Evolution adds the file's address as
	 * {@code message.mediaUrl}; without it, only WhatsApp's own media URL is there.
	 */
	private static List<Media> media(JsonNode message, JsonNode content) {
		JsonNode media = BaileysMessageContent.media(content);
		if (media == null) {
			return List.of();
		}
		String url = (message != null) ? text(message, MEDIA_URL) : null;
		if (url == null) {
			// NOTE: WhatsApp's URL points to an encrypted file (.enc) that only the
			// gateway can decrypt; enable Evolution's S3 storage to forward a usable URL.
			url = text(media, "url");
		}
		return (url != null) ? List.of(new Media(url, text(media, "mimetype"))) : List.of();
	}

	/**
	 * Returns the quoted message's id, which Evolution v2 also copies to
	 * {@code data.contextInfo}.
	 */
	private static String inReplyTo(JsonNode data, JsonNode content) {
		String stanzaId = text(data.path(CONTEXT_INFO), STANZA_ID);
		return (stanzaId != null) ? stanzaId : BaileysMessageContent.quotedMessageId(content);
	}

	/**
	 * Returns when the event happened: the message's {@code messageTimestamp}, else the
	 * envelope's {@code date_time}, else now.
	 */
	private Instant eventTime(JsonNode envelope, JsonNode data) {
		Instant messageTime = (data != null) ? WebhookTimestamps.fromUnixTime(data.get(MESSAGE_TIMESTAMP)) : null;
		if (messageTime != null) {
			return messageTime;
		}
		Instant envelopeTime = WebhookTimestamps.fromIsoText(envelope.get(DATE_TIME));
		return (envelopeTime != null) ? envelopeTime : this.clock.instant();
	}

	private static WebhookParseResult ignored(String reason) {
		return WebhookParseResult.ignored(EvolutionProvider.NAME, reason);
	}

	private static String required(JsonNode node, String field) {
		String value = text(node, field);
		if (value == null) {
			throw new InvalidWebhookException("Evolution webhook is missing " + field);
		}
		return value;
	}

	private static String firstText(JsonNode node, String... fields) {
		for (String field : fields) {
			String value = text(node, field);
			if (value != null) {
				return value;
			}
		}
		return null;
	}

	/** Returns a field's text, or {@code null} when it is absent, not text or empty. */
	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString() && !value.asString().isBlank()) ? value.asString() : null;
	}

}
