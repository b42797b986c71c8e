package com.reachtown.dispatcher.phone;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Normalizes the WhatsApp ids that gateways send to E.164, with the Brazilian ninth digit
 * restored for mobiles and left out for landlines.
 */
class BrazilianNumbersTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({
			// Mobiles without the ninth digit, as WhatsApp ids often are.
			"556499998888@s.whatsapp.net, +5564999998888", "551187654321@s.whatsapp.net, +5511987654321",
			"552196543210@c.us, +5521996543210", "558588776655:12@s.whatsapp.net, +5585988776655",
			"555171234567@c.us, +5551971234567",
			// Mobiles that already have it.
			"5564999998888@s.whatsapp.net, +5564999998888", "5511987654321@c.us, +5511987654321",
			// Landlines: first subscriber digit 2 to 5, no ninth digit.
			"556232104455@s.whatsapp.net, +556232104455", "551133224455@c.us, +551133224455",
			"554134567890@s.whatsapp.net, +554134567890",
			// Other countries are left as they are.
			"14155238886@s.whatsapp.net, +14155238886", "351912345678@c.us, +351912345678",
			"447911123456:3@s.whatsapp.net, +447911123456" })
	void normalizesWhatsAppId(String id, String e164) {
		assertThat(WhatsAppIds.toE164(id)).isEqualTo(e164);
	}

	@ParameterizedTest
	@ValueSource(strings = { "5500999998888@s.whatsapp.net", "55649999@c.us", "abc@s.whatsapp.net", "@c.us",
			"999999999999999@s.whatsapp.net" })
	void rejectsInvalidId(String id) {
		assertThatExceptionOfType(InvalidPhoneNumberException.class).isThrownBy(() -> WhatsAppIds.toE164(id));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "556499998888@s.whatsapp.net, , +5564999998888, 556499998888",
			"215470038597729@lid, 556499998888@s.whatsapp.net, +5564999998888, 215470038597729@lid",
			"215470038597729@lid, 98765@lid, '', 215470038597729@lid",
			"215470038597729@lid, , '', 215470038597729@lid" })
	void resolvesSender(String jid, String alternative, String fromPhone, String waId) {
		WhatsAppSender sender = WhatsAppSender.resolve(jid, alternative);

		assertThat(sender.fromPhone()).isEqualTo(fromPhone);
		assertThat(sender.waId()).isEqualTo(waId);
	}

}
