package com.reachtown.dispatcher.provider.waha;

import com.reachtown.dispatcher.phone.WhatsAppIds;
import tools.jackson.databind.JsonNode;

/**
 * WAHA's message ids. For the NOWEB engine an id is {@code <fromMe>_<chat>_<key id>},
 * such as {@code true_5564999998888@c.us_3EB0A1B2C3D4E5F60718}, where the chat is written
 * with {@code @c.us} in place of Baileys' {@code @s.whatsapp.net}.
 */
final class WahaMessageIds {

	private WahaMessageIds() {
	}

	/**
	 * Returns the id of a sent message from {@code POST /api/sendText}'s response. NOWEB
	 * returns Baileys' message ({@code {key: {remoteJid, fromMe, id}, message, …}}), from
	 * which the id is built; an {@code id} field, text or an object with
	 * {@code _serialized} as other engines return it, is used as it is.
	 * @param response the response body
	 * @return the id, or {@code null} when the response has none
	 */
	static String fromSendResponse(JsonNode response) {
		JsonNode id = response.path("id");
		if (id.isString() && !id.asString().isBlank()) {
			return id.asString();
		}
		if (id.path("_serialized").isString()) {
			return id.path("_serialized").asString();
		}
		JsonNode key = response.path("key");
		if (key.path("id").isString() && key.path("remoteJid").isString()) {
			return build(key.path("fromMe").asBoolean(true), key.path("remoteJid").asString(),
					key.path("id").asString());
		}
		return null;
	}

	/**
	 * Builds an id the way WAHA's NOWEB engine does.
	 * @param fromMe whether the message was sent by the session's account
	 * @param chat the chat id, with {@code @s.whatsapp.net} or {@code @c.us}
	 * @param keyId WhatsApp's id of the message
	 * @return the id
	 */
	static String build(boolean fromMe, String chat, String keyId) {
		return fromMe + "_" + toCus(chat) + "_" + keyId;
	}

	/** Writes a phone-number chat id with {@code @c.us}; groups and LIDs keep theirs. */
	private static String toCus(String chat) {
		if (chat.endsWith("@s.whatsapp.net")) {
			return WhatsAppIds.userPart(chat) + "@c.us";
		}
		return chat;
	}

}
