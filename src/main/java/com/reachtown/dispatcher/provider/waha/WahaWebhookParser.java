package com.reachtown.dispatcher.provider.waha;

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
 * Turns WAHA webhook envelopes ({@code {id, timestamp, event, session, me, payload,
 * engine, environment}}) into normalized events. Only {@code message} (a message) and
 * {@code message.ack} (a receipt) carry events; every other event is ignored with its
 * name as the reason. With the NOWEB engine, {@code payload._data} is Baileys' raw
 * message, read for the content type and a LID sender's phone number.
 */
class WahaWebhookParser {

	static final String EVENT = "event";

	static final String TIMESTAMP = "timestamp";

	static final String ME = "me";

	static final String PAYLOAD = "payload";

	static final String ID = "id";

	static final String LID = "lid";

	static final String FROM = "from";

	static final String FROM_ME = "fromMe";

	static final String BODY = "body";

	static final String HAS_MEDIA = "hasMedia";

	static final String MEDIA = "media";

	static final String LOCATION = "location";

	static final String REPLY_TO = "replyTo";

	static final String PARTICIPANT = "participant";

	static final String ACK = "ack";

	static final String ACK_NAME = "ackName";

	static final String RAW_DATA = "_data";

	static final String MESSAGE = "message";

	static final String MESSAGE_ACK = "message.ack";

	/** WAHA's acks: -1 ERROR, 0 PENDING, 1 SERVER, 2 DEVICE, 3 READ, 4 PLAYED. */
	private static final Map<Integer, MessageStatus> ACKS = Map.of(-1, MessageStatus.FAILED, 0, MessageStatus.SENDING,
			1, MessageStatus.SENT, 2, MessageStatus.DELIVERED, 3, MessageStatus.READ, 4, MessageStatus.READ);

	private final Clock clock;

	WahaWebhookParser(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Parses one webhook envelope.
	 * @param envelope the JSON body
	 * @return the event, or an ignored result with the reason
	 * @throws InvalidWebhookException if a field the event needs is missing or invalid
	 */
	WebhookParseResult parse(JsonNode envelope) {
		String event = required(envelope, EVENT).strip().toLowerCase(Locale.ROOT);
		if (!event.equals(MESSAGE) && !event.equals(MESSAGE_ACK)) {
			return ignored("event " + event + " is not used");
		}
		JsonNode payload = envelope.get(PAYLOAD);
		if (payload == null || !payload.isObject()) {
			throw new InvalidWebhookException("WAHA " + event + " webhook has no payload object");
		}

		return event.equals(MESSAGE) ? parseMessage(payload, envelope) : parseAck(payload, envelope);
	}

	private WebhookParseResult parseMessage(JsonNode payload, JsonNode envelope) {
		String id = required(payload, ID);
		String from = required(payload, FROM);
		if (payload.path(FROM_ME).asBoolean(false)) {
			return ignored("message " + id + " was sent from the session's own account (fromMe)");
		}
		if (WhatsAppIds.isGroupOrBroadcast(from)) {
			return ignored("message " + id + " is from a group or broadcast (" + from + ")");
		}

		JsonNode rawMessage = payload.path(RAW_DATA);
		JsonNode content = BaileysMessageContent.unwrap(rawMessage.get("message"));
		List<Media> media = media(payload);
		String messageType = messageType(content, payload, media);
		WhatsAppSender sender = sender(from, rawMessage.path("key"));
		return WebhookParseResult.of(WahaProvider.NAME, new InboundMessage(WahaProvider.NAME, id, sender.fromPhone(),
				sender.waId(), ownNumber(envelope.path(ME)), valueOf(rawMessage, "pushName"), text(payload, content),
				messageType, media, inReplyTo(payload, content, envelope.path(ME)), eventTime(payload, envelope)));
	}

	private WebhookParseResult parseAck(JsonNode payload, JsonNode envelope) {
		String id = required(payload, ID);
		if (payload.has(FROM_ME) && !payload.get(FROM_ME).asBoolean(true)) {
			return ignored("ack is about message " + id + " that the contact sent");
		}
		JsonNode ack = payload.get(ACK);
		if (ack == null || !ack.isIntegralNumber()) {
			throw new InvalidWebhookException("WAHA message.ack webhook has no numeric ack for message " + id);
		}

		MessageStatus status = ACKS.get(ack.asInt());
		if (status == null) {
			throw new InvalidWebhookException(
					"WAHA message.ack webhook has an unknown ack " + ack.asInt() + "; expected -1 to 4");
		}
		String ackName = valueOf(payload, ACK_NAME);
		return WebhookParseResult.of(WahaProvider.NAME, new StatusUpdate(WahaProvider.NAME, id, status,
				(ackName != null) ? ackName : ack.asString(), null, null, eventTime(payload, envelope)));
	}

	/**
	 * Resolves the sender. A LID sender's phone number is in the raw message's
	 * {@code key.remoteJidAlt} (Baileys 7) or {@code key.senderPn} (Baileys 6.7), when
	 * WhatsApp shares it.
	 */
	private static WhatsAppSender sender(String from, JsonNode rawKey) {
		try {
			return WhatsAppSender.resolve(from, valueOf(rawKey, "remoteJidAlt"), valueOf(rawKey, "senderPn"));
		}
		catch (InvalidPhoneNumberException ex) {
			throw new InvalidWebhookException("WAHA webhook has an invalid sender: " + ex.getMessage(), ex);
		}
	}

	/** Returns the session's own number from the envelope's {@code me.id}, when valid. */
	private static String ownNumber(JsonNode me) {
		String id = valueOf(me, ID);
		if (id == null || WhatsAppIds.isLid(id)) {
			return null;
		}
		try {
			return WhatsAppIds.toE164(id);
		}
		catch (InvalidPhoneNumberException ex) {
			return null;
		}
	}

	/**
	 * Returns WAHA's {@code body}, else the text read from the raw content, else a
	 * location's {@code latitude,longitude}.
	 */
	private static String text(JsonNode payload, JsonNode content) {
		String body = valueOf(payload, BODY);
		if (body != null) {
			return body;
		}
		String contentText = BaileysMessageContent.text(content);
		if (!contentText.isEmpty()) {
			return contentText;
		}
		JsonNode location = payload.path(LOCATION);
		if (location.has("latitude") && location.has("longitude")) {
			return location.get("latitude").asString() + "," + location.get("longitude").asString();
		}
		return "";
	}

	/**
	 * Returns the file WAHA downloaded. When WAHA does not download media (its
	 * {@code WHATSAPP_DOWNLOAD_MEDIA} is off), {@code media} is {@code null} and the
	 * message is forwarded without attachment, with its type.
	 */
	private static List<Media> media(JsonNode payload) {
		JsonNode media = payload.path(MEDIA);
		String url = valueOf(media, "url");
		if (!payload.path(HAS_MEDIA).asBoolean(false) || url == null) {
			return List.of();
		}
		return List.of(new Media(url, valueOf(media, "mimetype")));
	}

	private static String messageType(JsonNode content, JsonNode payload, List<Media> media) {
		String type = BaileysMessageContent.type(content);
		if (type != null) {
			return type;
		}
		if (payload.path(LOCATION).isObject()) {
			return "location";
		}
		if (!media.isEmpty()) {
			return mediaType(media.get(0).contentType());
		}
		return payload.path(HAS_MEDIA).asBoolean(false) ? "document" : "text";
	}

	private static String mediaType(String contentType) {
		String type = (contentType != null) ? contentType.toLowerCase(Locale.ROOT) : "";
		for (String kind : List.of("image", "audio", "video")) {
			if (type.startsWith(kind + "/")) {
				return kind;
			}
		}
		return "document";
	}

	/**
	 * Returns the quoted message's id in WAHA's form, so that it matches the id a send
	 * returned. WAHA's {@code replyTo.id} and Baileys' {@code stanzaId} are WhatsApp's
	 * bare id; the quoted message was ours when its author is the session's account.
	 * Without an author, the bare id is returned.
	 */
	private static String inReplyTo(JsonNode payload, JsonNode content, JsonNode me) {
		JsonNode replyTo = payload.path(REPLY_TO);
		String stanzaId = valueOf(replyTo, ID);
		String author = valueOf(replyTo, PARTICIPANT);
		if (stanzaId == null) {
			stanzaId = BaileysMessageContent.quotedMessageId(content);
			author = quotedAuthor(content);
		}
		if (stanzaId == null || stanzaId.contains("_") || author == null) {
			return stanzaId;
		}
		return WahaMessageIds.build(isMe(author, me), payload.get(FROM).asString(), stanzaId);
	}

	private static String quotedAuthor(JsonNode content) {
		if (content == null) {
			return null;
		}
		for (JsonNode part : content) {
			String participant = valueOf(part.path("contextInfo"), PARTICIPANT);
			if (participant != null) {
				return participant;
			}
		}
		return null;
	}

	private static boolean isMe(String author, JsonNode me) {
		String user = WhatsAppIds.userPart(author);
		return user.equals(WhatsAppIds.userPart(valueOf(me, ID)))
				|| user.equals(WhatsAppIds.userPart(valueOf(me, LID)));
	}

	/**
	 * Returns when the event happened: the payload's {@code timestamp} (seconds), else
	 * the envelope's {@code timestamp} (milliseconds), else now.
	 */
	private Instant eventTime(JsonNode payload, JsonNode envelope) {
		Instant payloadTime = WebhookTimestamps.fromUnixTime(payload.get(TIMESTAMP));
		if (payloadTime != null) {
			return payloadTime;
		}
		Instant envelopeTime = WebhookTimestamps.fromUnixTime(envelope.get(TIMESTAMP));
		return (envelopeTime != null) ? envelopeTime : this.clock.instant();
	}

	private static WebhookParseResult ignored(String reason) {
		return WebhookParseResult.ignored(WahaProvider.NAME, reason);
	}

	private static String required(JsonNode node, String field) {
		String value = valueOf(node, field);
		if (value == null) {
			throw new InvalidWebhookException("WAHA webhook is missing " + field);
		}
		return value;
	}

	/** Returns a field's text, or {@code null} when it is absent, not text or blank. */
	private static String valueOf(JsonNode node, String field) {
		JsonNode value = (node != null) ? node.get(field) : null;
		return (value != null && value.isString() && !value.asString().isBlank()) ? value.asString() : null;
	}

}
