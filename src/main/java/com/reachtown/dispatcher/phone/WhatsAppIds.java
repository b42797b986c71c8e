package com.reachtown.dispatcher.phone;

import java.util.Locale;

/**
 * WhatsApp ids ({@code 5564999998888@s.whatsapp.net},
 * {@code 5564999998888:2@s.whatsapp.net}, {@code whatsapp:+5564999998888},
 * {@code 5564999998888@c.us}, {@code 12345@lid}) and the phone numbers they carry.
 */
public final class WhatsAppIds {

	private WhatsAppIds() {
	}

	/**
	 * Returns the user part of a WhatsApp id, without the {@code whatsapp:} prefix, the
	 * domain and the device suffix: {@code 5564999998888:2@s.whatsapp.net} becomes
	 * {@code 5564999998888}.
	 * @param id the raw id
	 * @return the user part, or {@code null} when {@code id} is {@code null}
	 */
	public static String userPart(String id) {
		if (id == null) {
			return null;
		}
		String user = id.strip();
		if (user.regionMatches(true, 0, "whatsapp:", 0, 9)) {
			user = user.substring(9);
		}
		int at = user.indexOf('@');
		if (at >= 0) {
			user = user.substring(0, at);
		}
		int device = user.indexOf(':');
		if (device >= 0) {
			user = user.substring(0, device);
		}
		return user;
	}

	/**
	 * Tells whether an id names a group, a broadcast list or the status broadcast.
	 * @param id the raw id
	 * @return {@code true} for {@code @g.us}, {@code @broadcast} and {@code @newsletter}
	 * ids
	 */
	public static boolean isGroupOrBroadcast(String id) {
		String lower = (id != null) ? id.toLowerCase(Locale.ROOT) : "";
		return lower.endsWith("@g.us") || lower.endsWith("@broadcast") || lower.endsWith("@newsletter");
	}

	/**
	 * Tells whether an id is a WhatsApp LID, which carries no phone number.
	 * @param id the raw id
	 * @return {@code true} for {@code @lid} ids
	 */
	public static boolean isLid(String id) {
		return id != null && id.toLowerCase(Locale.ROOT).endsWith("@lid");
	}

	/**
	 * Returns the phone number of a WhatsApp id in E.164, with the Brazilian ninth digit
	 * restored.
	 * @param id the raw id
	 * @return the number in E.164
	 * @throws InvalidPhoneNumberException if the id carries no valid phone number
	 */
	public static String toE164(String id) {
		return PhoneNumbers.toE164(userPart(id));
	}

}
