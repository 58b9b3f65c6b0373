import pytest

from registry.uscc import make_uscc, normalise_uscc, uscc_is_valid, uscc_problem


class NormaliseTests:
    @pytest.mark.parametrize(
        "raw, expected",
        [
            ("91110000101623741K", "91110000101623741K"),
            ("  91110000101623741k ", "91110000101623741K"),
            ("9111 0000 1016 2374 1K", "91110000101623741K"),
            ("９１１１００００１０１６２３７４１Ｋ", "91110000101623741K"),
            ("9144030071526726xg", "9144030071526726XG"),
            ("\t9144030071526726XG\u3000", "9144030071526726XG"),
            (None, ""),
        ],
    )
    def test_it_normalises(self, raw, expected):
        assert normalise_uscc(raw) == expected


class CheckDigitTests:
    @pytest.mark.parametrize("code", ["91110000101623741K", "9144030071526726XG", make_uscc("91330902000000001"), make_uscc("9133090312345678X")])
    def test_it_accepts_valid_codes(self, code):
        assert uscc_is_valid(code)
        assert uscc_problem(code) is None

    @pytest.mark.parametrize(
        "code, fragment",
        [
            ("91110000101623741A", "第18位应为K"),
            ("9144030071526726X1", "第18位应为G"),
            ("91110000101623741", "应为18位，实际为17位"),
            ("911100001016237410K", "实际为19位"),
            ("9111000010162374IK", "不允许的字符：I"),
            ("91110000O01623741K", "不允许的字符：O"),
            ("", "实际为0位"),
        ],
    )
    def test_it_rejects_bad_codes_with_a_reason(self, code, fragment):
        assert not uscc_is_valid(code)
        assert fragment in uscc_problem(code)

    def test_it_maps_a_remainder_of_zero_to_character_zero(self):
        # Find a body whose weighted sum is divisible by 31: the check character must be "0", never index 31.
        body = next(f"9133090200000{n:04d}" for n in range(10000) if make_uscc(f"9133090200000{n:04d}")[-1] == "0")
        assert uscc_is_valid(body + "0")

    def test_it_is_valid_after_normalising_typed_input(self):
        assert uscc_is_valid(" 9144 0300 7152 6726 xg")
