"""Refusals of the judging use cases: a stable code, params and a message in the user's language.

Every code has a Chinese text (the contest's working language, shown as written) and an English
msgid; the rules engine's own reasons (score.out_of_range, conflict.same_employer, …) are passed
through with its Chinese message, or the English text below when the user reads English.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from app.domain.errors import DomainError, Reason
from app.services.reasons import is_chinese

# code → (HTTP-ish status, Chinese text, English msgid); params fill %(name)s in both.
_TEXTS: dict[str, tuple[int, str, Any]] = {
    "auth.required": (401, "请先登录", _l("Please log in first.")),
    "auth.forbidden": (403, "您无权进行此操作", _l("You do not have permission to do this.")),
    "server.error": (
        500,
        "服务器出错，评分将自动重发",
        _l("Server error; the score will be sent again."),
    ),
    "project.not_found": (404, "找不到该赛项", _l("No such project.")),
    "registration.not_found": (
        404,
        "该选手不属于此赛项",
        _l("This contestant is not in this project."),
    ),
    "aspect.not_found": (
        404,
        "该评分项不属于此赛项",
        _l("This aspect is not part of this project."),
    ),
    "component.not_found": (
        404,
        "该成绩组成不属于此赛项",
        _l("This component is not part of this project."),
    ),
    "user.not_found": (404, "找不到该用户", _l("No such user.")),
    "penalty.not_found": (404, "找不到该扣分记录", _l("No such penalty.")),
    "score.bad_request": (
        422,
        "评分数据不完整：%(field)s",
        _l("The score is incomplete: %(field)s."),
    ),
    "score.bad_value": (422, "分数不是有效的数字", _l("The value is not a valid number.")),
    "score.id_reused": (
        409,
        "该评分编号已用于另一条评分，请刷新后重新录入",
        _l("This score id was already used for a different score; reload and enter it again."),
    ),
    "score.not_judge": (403, "您不是本赛项的裁判", _l("You are not a judge of this project.")),
    "score.not_seated": (
        403,
        "您未被分配评判此评分项",
        _l("You are not assigned to score this aspect."),
    ),
    "score.conflicted": (
        403,
        "您与该选手须回避，不能评分",
        _l("You must recuse yourself from this contestant and cannot score them."),
    ),
    "score.not_checked_in": (
        409,
        "该选手尚未检录，不能评分",
        _l("This contestant has not checked in and cannot be scored."),
    ),
    "score.not_finished": (
        409,
        "该选手已中止或取消资格，不能评分",
        _l("This contestant did not finish or was disqualified."),
    ),
    "score.project_locked": (
        409,
        "成绩已锁定，不能再评分",
        _l("Scores are locked; no more scoring."),
    ),
    "score.no_scheme": (
        409,
        "本赛项尚未设置评分标准",
        _l("This project has no marking scheme yet."),
    ),
    "score.scheme_invalid": (
        409,
        "评分标准有误，须由组织方修正后才能开始评分",
        _l("The marking scheme has problems; the organizer must fix them before judging starts."),
    ),
    "score.m_not_allowed": (
        422,
        "测量分 %(aspect)s 只能取规定的分值",
        _l("Measurement %(aspect)s only accepts the stated values."),
    ),
    "score.out_of_range": (
        422,
        "%(aspect)s 的分数%(value)s超出范围%(min)s–%(max)s",
        _l("%(aspect)s: %(value)s is outside %(min)s–%(max)s."),
    ),
    "score.j_integer": (422, "评价分须为0、1、2或3", _l("A judgement score must be 0, 1, 2 or 3.")),
    "scheme.locked": (
        409,
        "评分已开始，评分标准已锁定",
        _l("Judging has started; the marking scheme is locked."),
    ),
    "scheme.invalid": (
        422,
        "评分标准有 %(count)s 处问题",
        _l("The marking scheme has %(count)s problems."),
    ),
    "scheme.bad_structure": (
        422,
        "评分标准数据格式有误：%(field)s",
        _l("The marking scheme is malformed at %(field)s."),
    ),
    "assign.conflicted": (
        409,
        "该裁判与本赛项 %(count)s 名选手须回避",
        _l("This judge must recuse from %(count)s contestants of this project."),
    ),
    "assign.not_judge": (422, "该用户不是裁判", _l("This user is not a judge.")),
    "assign.chief_exists": (409, "本赛项已有裁判长", _l("This project already has a chief judge.")),
    "assign.has_scores": (
        409,
        "该裁判已有评分记录，不能撤销分配",
        _l("This judge has already scored; the assignment cannot be removed."),
    ),
    "assign.not_assigned": (
        422,
        "该用户未被分配到本赛项",
        _l("This user is not assigned to this project."),
    ),
    "reason.required": (422, "请填写理由", _l("Please give a reason.")),
    "sheet.not_found": (404, "该评分单尚无评分", _l("Nothing has been scored on this sheet yet.")),
    "sheet.incomplete": (
        409,
        "评分单尚未评完（%(done)s/%(total)s）",
        _l("The sheet is not complete yet (%(done)s/%(total)s)."),
    ),
    "sheet.flagged": (
        409,
        "评分单有待处理的标记：%(flags)s",
        _l("The sheet has unresolved flags: %(flags)s."),
    ),
    "sheet.own_entry": (403, "不能核验自己录入的评分", _l("You cannot verify your own entry.")),
    "sheet.already_verified": (409, "该评分单已核验", _l("This sheet is already verified.")),
    "penalty.points": (
        422,
        "扣分须大于0且不超过100",
        _l("Points must be above 0 and at most 100."),
    ),
    "penalty.withdrawn": (409, "该扣分已撤销", _l("This penalty was already withdrawn.")),
    "penalty.countersigned": (
        409,
        "该扣分已由裁判长签认",
        _l("This penalty is already countersigned."),
    ),
    "penalty.not_disqualifying": (
        422,
        "只有取消资格的扣分需要裁判长签认",
        _l("Only disqualifying penalties need a countersignature."),
    ),
    "finish.status": (
        422,
        "完赛状态须为 FINISHED、DNF 或 DQ",
        _l("The finish status must be FINISHED, DNF or DQ."),
    ),
    "lock.incomplete": (
        409,
        "还有 %(count)s 张评分单未评完，不能锁定",
        _l("%(count)s sheets are not complete; the project cannot be locked."),
    ),
    "lock.flagged": (
        409,
        "还有 %(count)s 张评分单带有标记，不能锁定",
        _l("%(count)s sheets are flagged; the project cannot be locked."),
    ),
    "lock.already": (409, "成绩已锁定", _l("Scores are already locked.")),
    "lock.not_locked": (409, "成绩未锁定", _l("Scores are not locked.")),
    "lock.final": (
        409,
        "成绩已终审，不能解锁",
        _l("Results are final; scores cannot be unlocked."),
    ),
    "conflict.same_employer": (
        409,
        "裁判与选手来自同一单位，须回避",
        _l("The judge and the contestant have the same employer."),
    ),
    "conflict.same_school": (
        409,
        "裁判与选手来自同一院校，须回避",
        _l("The judge and the contestant are from the same school."),
    ),
    "conflict.declared": (
        409,
        "裁判与选手存在申报的利益关系，须回避",
        _l("A conflict of interest was declared between them."),
    ),
    "scheme.no_components": (
        422,
        "赛项没有设置任何成绩组成部分",
        _l("The project has no components."),
    ),
    "scheme.duplicate_component": (
        422,
        "成绩组成代码重复：%(code)s",
        _l("Component code %(code)s is used twice."),
    ),
    "scheme.duplicate_kind": (
        422,
        "只能有一个%(kind)s成绩",
        _l("Only one %(kind)s component is allowed."),
    ),
    "scheme.weight_range": (
        422,
        "%(component)s 的权重%(weight)s须大于0且不超过1",
        _l("%(component)s: weight %(weight)s must be above 0 and at most 1."),
    ),
    "scheme.theory_weight": (
        422,
        "理论知识权重%(weight)s超过30%%",
        _l("The theory weight %(weight)s is above 30%%."),
    ),
    "scheme.weights_sum": (
        422,
        "各部分权重之和为%(sum)s，应为1",
        _l("The weights add up to %(sum)s instead of 1."),
    ),
    "scheme.duplicate_aspect": (
        422,
        "评分细则代码重复：%(aspect)s",
        _l("Aspect code %(aspect)s is used twice."),
    ),
    "scheme.max_mark": (
        422,
        "%(aspect)s 的分值须大于0",
        _l("%(aspect)s: the max mark must be above 0."),
    ),
    "scheme.j_panel": (
        422,
        "评价分 %(aspect)s 至少需要3名裁判，当前为%(panel_size)s名",
        _l("Judgement aspect %(aspect)s needs at least 3 judges; it has %(panel_size)s."),
    ),
    "scheme.allowed_value": (
        422,
        "%(aspect)s 的可选分值%(value)s超出范围",
        _l("%(aspect)s: allowed value %(value)s is out of range."),
    ),
    "scheme.no_aspects": (
        422,
        "%(component)s 的评分标准没有评分项",
        _l("The scheme of %(component)s has no aspects."),
    ),
    "scheme.max_sum": (
        422,
        "%(component)s 各评分项分值之和为%(sum)s，应为100",
        _l("The max marks of %(component)s add up to %(sum)s instead of 100."),
    ),
    "theory.invalid": (
        422,
        "理论成绩表有 %(count)s 处问题，未导入任何成绩",
        _l("The theory score table has %(count)s problems; nothing was imported."),
    ),
    "theory.no_component": (
        409,
        "本赛项没有理论知识成绩组成",
        _l("This project has no theory component."),
    ),
    "theory.unknown_contestant": (
        422,
        "第%(row)s行：找不到加密号或准考证号 %(key)s",
        _l("Row %(row)s: no contestant with code or ticket %(key)s."),
    ),
    "theory.duplicate": (
        422,
        "第%(row)s行：选手 %(key)s 重复出现",
        _l("Row %(row)s: contestant %(key)s appears twice."),
    ),
    "theory.value": (
        422,
        "第%(row)s行：理论成绩 %(value)s 须为0–100的数字",
        _l("Row %(row)s: theory score %(value)s must be a number from 0 to 100."),
    ),
}


def message_for(code: str, params: Mapping[str, Any] | None = None, default: str = "") -> str:
    """Return the message of a code in the request's language (a domain default when unknown)."""
    entry = _TEXTS.get(code)
    values = {k: ("" if v is None else v) for k, v in (params or {}).items()}
    if entry is None:
        return default or code
    _status, zh, en = entry
    text = zh if is_chinese() else str(en)
    try:
        return text % values
    except (KeyError, TypeError, ValueError):
        return default or (zh if is_chinese() else str(en))


class JudgingError(ValueError):
    """A refused judging action: nothing was stored; code, message, field, params, problems."""

    def __init__(
        self,
        code: str,
        *,
        field: str | None = None,
        params: Mapping[str, Any] | None = None,
        message: str | None = None,
        problems: tuple[Reason, ...] = (),
    ) -> None:
        self.code = code
        self.params = dict(params or {})
        self.field = field
        self.message = message or message_for(code, self.params)
        self.problems = problems
        super().__init__(f"{code}: {self.message}")

    @property
    def status(self) -> int:
        """Return the HTTP status that fits (422 by default)."""
        return _TEXTS.get(self.code, (422, "", ""))[0]

    def to_dict(self) -> dict[str, Any]:
        """Return {ok: false, code, message, field, problems} for an ack or a JSON body."""
        return {
            "ok": False,
            "code": self.code,
            "message": self.message,
            "field": self.field,
            "problems": [describe_reason(p) for p in self.problems],
        }


def describe_reason(reason: Reason) -> dict[str, Any]:
    """Return a domain reason as a dict with its message in the request's language."""
    data = reason.to_dict()
    data["message"] = message_for(reason.code, data["params"], reason.message)
    return data


def from_domain(error: DomainError) -> JudgingError:
    """Wrap a rules-engine refusal, translating its message by code where we know it."""
    params = {k: str(v) for k, v in error.params.items()}
    return JudgingError(
        error.code,
        field=error.field,
        params=params,
        message=message_for(error.code, params, error.message),
        problems=error.problems,
    )
