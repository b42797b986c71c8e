package com.reachtown.dispatcher.provider;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Reads the content of a WhatsApp message as Baileys serializes it (the {@code message}
 * object of a {@code WebMessageInfo}), which both Evolution API and WAHA's NOWEB engine
 * pass through: {@code {"conversation": "…"}}, {@code {"imageMessage": {"caption", "url",
 * "mimetype"}}}, and so on.
 */
public final class BaileysMessageContent {

	/** Wrappers whose {@code message} field contains the real content. */
	private static final List<String> WRAPPERS = List.of("ephemeralMessage", "viewOnceMessage", "viewOnceMessageV2",
			"viewOnceMessageV2Extension", "documentWithCaptionMessage", "editedMessage");

	/**
	 * Content fields, in the order they are looked for, with the message type each one
	 * is.
	 */
	private static final List<Map.Entry<String, String>> TYPES = List.of(Map.entry("conversation", "text"),
			Map.entry("extendedTextMessage", "text"), Map.entry("imageMessage", "image"),
			Map.entry("videoMessage", "video"), Map.entry("ptvMessage", "video"), Map.entry("audioMessage", "audio"),
			Map.entry("documentMessage", "document"), Map.entry("stickerMessage", "sticker"),
			Map.entry("locationMessage", "location"), Map.entry("liveLocationMessage", "location"),
			Map.entry("contactMessage", "contact"), Map.entry("contactsArrayMessage", "contact"),
			Map.entry("buttonsResponseMessage", "button"), Map.entry("templateButtonReplyMessage", "button"),
			Map.entry("listResponseMessage", "list"), Map.entry("reactionMessage", "reaction"),
			Map.entry("pollCreationMessage", "poll"), Map.entry("pollCreationMessageV3", "poll"));

	private static final List<String> MEDIA_FIELDS = List.of("imageMessage", "videoMessage", "ptvMessage",
			"audioMessage", "documentMessage", "stickerMessage");

	private static final int MAX_WRAPPER_DEPTH = 5;

	private BaileysMessageContent() {
	}

	/**
	 * Returns the content inside ephemeral, view-once and document-with-caption wrappers.
	 * @param message the {@code message} object; may be {@code null}
	 * @return the innermost content, or {@code null} when {@code message} is not an
	 * object
	 */
	public static JsonNode unwrap(JsonNode message) {
		JsonNode content = message;
		for (int depth = 0; depth < MAX_WRAPPER_DEPTH && isObject(content); depth++) {
			JsonNode inner = wrapped(content);
			if (inner == null) {
				return content;
			}
			content = inner;
		}
		return isObject(content) ? content : null;
	}

	/**
	 * Returns the message type in reach-town's vocabulary ({@code text}, {@code image},
	 * {@code audio}, {@code video}, {@code document}, {@code sticker}, {@code location},
	 * {@code contact}, {@code button}, {@code list}, {@code reaction}, {@code poll}).
	 * @param content unwrapped content; may be {@code null}
	 * @return the type, or {@code null} when the content has none of the known fields
	 */
	public static String type(JsonNode content) {
		if (!isObject(content)) {
			return null;
		}
		for (Map.Entry<String, String> type : TYPES) {
			if (content.has(type.getKey())) {
				return type.getValue();
			}
		}
		return null;
	}

	/**
	 * Returns the text shown to the contact: the text of a text message, the caption of a
	 * media message, the label of a button or list reply, or {@code latitude,longitude}
	 * for a location.
	 * @param content unwrapped content; may be {@code null}
	 * @return the text, empty when the message has none (a reaction, an audio, a sticker)
	 */
	public static String text(JsonNode content) {
		if (!isObject(content)) {
			return "";
		}
		String text = firstText(content, "conversation", "extendedTextMessage/text",
				"buttonsResponseMessage/selectedDisplayText", "templateButtonReplyMessage/selectedDisplayText",
				"listResponseMessage/title");
		if (text != null) {
			return text;
		}
		JsonNode media = media(content);
		if (media != null && textOf(media.get("caption")) != null) {
			return textOf(media.get("caption"));
		}
		return locationText(content);
	}

	/**
	 * Returns the media part of a message.
	 * @param content unwrapped content; may be {@code null}
	 * @return the {@code imageMessage}, {@code audioMessage}, … object, or {@code null}
	 */
	public static JsonNode media(JsonNode content) {
		if (!isObject(content)) {
			return null;
		}
		for (String field : MEDIA_FIELDS) {
			if (isObject(content.get(field))) {
				return content.get(field);
			}
		}
		return null;
	}

	/**
	 * Returns the id of the message this one quotes, from the {@code contextInfo} of its
	 * content.
	 * @param content unwrapped content; may be {@code null}
	 * @return the quoted message's id ({@code stanzaId}), or {@code null}
	 */
	public static String quotedMessageId(JsonNode content) {
		if (!isObject(content)) {
			return null;
		}
		for (JsonNode part : content) {
			if (isObject(part) && isObject(part.get("contextInfo"))) {
				String stanzaId = textOf(part.get("contextInfo").get("stanzaId"));
				if (stanzaId != null) {
					return stanzaId;
				}
			}
		}
		return null;
	}

	private static JsonNode wrapped(JsonNode content) {
		for (String wrapper : WRAPPERS) {
			JsonNode node = content.get(wrapper);
			if (isObject(node) && isObject(node.get("message"))) {
				return node.get("message");
			}
		}
		return null;
	}

	private static String locationText(JsonNode content) {
		for (String field : List.of("locationMessage", "liveLocationMessage")) {
			JsonNode location = content.get(field);
			if (isObject(location) && location.has("degreesLatitude") && location.has("degreesLongitude")) {
				return location.get("degreesLatitude").asString() + "," + location.get("degreesLongitude").asString();
			}
		}
		return "";
	}

	private static String firstText(JsonNode content, String... paths) {
		for (String path : paths) {
			JsonNode node = content;
			for (String field : path.split("/")) {
				node = (node != null) ? node.get(field) : null;
			}
			String text = textOf(node);
			if (text != null) {
				return text;
			}
		}
		return null;
	}

	private static String textOf(JsonNode node) {
		return (node != null && node.isString() && !node.asString().isEmpty()) ? node.asString() : null;
	}

	private static boolean isObject(JsonNode node) {
		return node != null && node.isObject();
	}

}
