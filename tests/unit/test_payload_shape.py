import pytest

from medallion.bronze.payload_shape import PayloadShape, payload_shape


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"at_records": [{}, {}], "records": [{}]}, PayloadShape("at_records", 2)),
        ({"records": [{}]}, PayloadShape("records", 1)),
        ({"data": [{"tax_year": 2021}]}, PayloadShape("data", 1)),
        ({"tax_year": 2021, "transactions": []}, PayloadShape("transactions", 1)),
        ([{}, {}, {}], PayloadShape("bare_array", 3)),
        ({"at_records": []}, PayloadShape("at_records", 0)),
        ({"data": "not records"}, PayloadShape(None, 0)),
        ({"years": []}, PayloadShape(None, 0)),
    ],
)
def test_at_wrapper_precedence(payload: object, expected: PayloadShape) -> None:
    assert payload_shape("at", payload) == expected


def test_wi_years_data_counts_forms_in_both_value_shapes() -> None:
    payload = {"years_data": {"2021": {"forms": [{}, {}]}, "2022": [{}], "2023": {"forms": []}}}
    assert payload_shape("wi", payload) == PayloadShape("years_data", 3)


def test_wi_flat_wrappers_and_unknown() -> None:
    assert payload_shape("wi", {"wi_forms": [{}]}) == PayloadShape("wi_forms", 1)
    assert payload_shape("wi", {"income": [{}]}).is_known is False


def test_trt_wrappers() -> None:
    assert payload_shape("trt", {"trt_records": []}).is_empty
    assert payload_shape("trt", {"records": [{}], "trt_records": []}) == PayloadShape("records", 1)


def test_interview_layouts_and_empty() -> None:
    nested = {"income": {"taxpayerIncome": {"wages": 1}}, "household": {"taxpayerName": "x"}}
    flat = {"income": {"clientWages": 1}, "irs_standards": {"food": 1}}
    assert payload_shape("interview", nested) == PayloadShape("nested", 2)
    assert payload_shape("interview", flat) == PayloadShape("flat", 2)
    assert payload_shape("interview", {"case_id": "1"}).is_empty
    assert not payload_shape("interview", ["not", "an", "object"]).is_known
