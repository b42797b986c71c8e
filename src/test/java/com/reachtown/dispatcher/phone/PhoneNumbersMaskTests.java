package com.reachtown.dispatcher.phone;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Masking of phone numbers for logs: at most six leading and four trailing characters
 * stay readable, at least four in the middle are hidden, and values too short for that
 * keep only their last two characters.
 */
class PhoneNumbersMaskTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			+5564999998888          | +55649****8888
			5564999998888           | 55649****8888
			556499998888            | 5564****8888
			+14155238886            | +141****8886
			+447911123456           | +4479****3456
			whatsapp:+5564999998888 | whatsa*************8888
			12345678                | ****5678
			123                     | *23
			7                       | 7
			null                    | ''
			""")
	void maskHidesMiddleDigits(String phone, String expected) {
		assertThat(PhoneNumbers.mask(phone)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "+5564999998888", "5564999998888", "+14155238886", "+447911123456" })
	void maskKeepsLengthAndHidesFourDigits(String phone) {
		String masked = PhoneNumbers.mask(phone);

		assertThat(masked).hasSameSizeAs(phone);
		assertThat(masked.chars().filter((c) -> c == '*').count()).isGreaterThanOrEqualTo(4);
		assertThat(masked).doesNotContain(phone.substring(phone.length() - 8, phone.length() - 4));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			true_5564999998888@c.us_3EB0A1B2C3D4E5F60718 | true_55649****8888@c.us_3EB0A1B2C3D4E5F60718
			false_556499998888@c.us_3EB0C431C26A1916E07A | false_5564****8888@c.us_3EB0C431C26A1916E07A
			duplicate inbound 5564999998888              | duplicate inbound 55649****8888
			SM4c5d6e7f8a9b4c0d1e2f3a4b5c6d7e88           | SM4c5d6e7f8a9b4c0d1e2f3a4b5c6d7e88
			msg-123456789                                | msg-123456789
			null                                         | null
			""")
	void maskNumbersInHidesPhoneLikeRuns(String text, String expected) {
		assertThat(PhoneNumbers.maskNumbersIn(text)).isEqualTo(expected);
	}

}
