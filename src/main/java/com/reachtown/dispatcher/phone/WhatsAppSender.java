package com.reachtown.dispatcher.phone;

/**
 * The sender of a WhatsApp message, resolved from the id WhatsApp addressed it with and
 * any alternative phone-number ids the payload carries.
 * <p>
 * A LID ({@code 12345@lid}) carries no phone number. When the payload has an alternative
 * phone-number id (Baileys' {@code remoteJidAlt} or {@code senderPn}), the phone comes
 * from it; otherwise the phone is empty and the LID is kept in {@code waId}.
 *
 * @param fromPhone the sender in E.164 with the Brazilian ninth digit restored, or empty
 * when only a LID is known
 * @param waId the raw sender id: the digits of a phone-number id ({@code 556499998888}),
 * or the whole LID ({@code 12345@lid})
 */
public record WhatsAppSender(String fromPhone, String waId) {

	/**
	 * Resolves a sender.
	 * @param jid the id the message was addressed with, such as
	 * {@code 556499998888@s.whatsapp.net}, {@code 556499998888@c.us} or {@code 12345@lid}
	 * @param alternatives phone-number ids to use when {@code jid} is a LID, in order of
	 * preference; {@code null} entries and other LIDs are skipped
	 * @return the sender
	 * @throws InvalidPhoneNumberException if the phone-number id chosen carries no valid
	 * phone number
	 */
	public static WhatsAppSender resolve(String jid, String... alternatives) {
		if (!WhatsAppIds.isLid(jid)) {
			return new WhatsAppSender(WhatsAppIds.toE164(jid), WhatsAppIds.userPart(jid));
		}

		String lid = jid.strip();
		for (String alternative : alternatives) {
			if (alternative != null && !alternative.isBlank() && !WhatsAppIds.isLid(alternative)) {
				return new WhatsAppSender(WhatsAppIds.toE164(alternative), lid);
			}
		}
		return new WhatsAppSender("", lid);
	}

}
