"""The registration spreadsheet: its columns, the import template and the export."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from app.documents.workbooks import TemplateColumn, registration_template_xlsx, rows_xlsx
from app.domain.grades import LADDER
from app.models import Competition, Registration
from app.services.common import labels
from app.services.common.mappers import current_grades, grade_or_none
from app.services.common.offload import offload
from app.services.identity.people import grade_label, mask_id_number, mask_phone


@dataclass(frozen=True)
class SheetColumn:
    """One column of the import sheet: key, Chinese header, accepted spellings."""

    key: str
    header: str
    spellings: tuple[str, ...]
    required: bool = True
    text: bool = False
    hint: str = ""


COLUMNS: tuple[SheetColumn, ...] = (
    SheetColumn("name", "姓名", ("姓名", "选手姓名", "name")),
    SheetColumn("id_number", "身份证号", ("身份证号", "身份证号码", "公民身份号码", "身份证",
                                        "id_number", "id number"), text=True,
                hint="18位居民身份证号，末位可为X；请以文本格式填写"),
    SheetColumn("phone", "手机号", ("手机号", "手机号码", "手机", "联系电话", "phone"), text=True,
                hint="11位中国大陆手机号"),
    SheetColumn("organization", "工作单位或学校", ("工作单位或学校", "工作单位/学校", "工作单位",
                                                "单位", "单位名称", "所在单位", "学校",
                                                "organization", "employer or school"),
                required=False, hint="可不填：自由职业、灵活就业人员也可报名"),
    SheetColumn("organization_kind", "单位类型", ("单位类型", "organization kind"),
                required=False, hint="企业 或 院校；不填时职工组视为企业、学生组视为院校"),
    SheetColumn("group", "组别", ("组别", "group")),
    SheetColumn("project", "赛项", ("赛项", "参赛项目", "比赛项目", "项目", "project"),
                required=False, hint="赛项名称；不填时按“职业（工种）”和“组别”确定赛项"),
    SheetColumn("occupation", "职业（工种）", ("职业（工种）", "职业", "工种", "occupation"),
                required=False),
    SheetColumn("grade", "当前职业技能等级", ("当前职业技能等级", "职业技能等级", "技能等级",
                                           "等级", "grade"), required=False,
                hint="该职业的当前等级；未取得等级可不填"),
    SheetColumn("certificate_no", "等级证书编号", ("等级证书编号", "证书编号", "certificate_no"),
                required=False, text=True),
    SheetColumn("coach", "指导教师/教练", ("指导教师/教练", "指导教师", "教练", "coach"),
                required=False, hint="可不填；用于评选优秀指导教师/教练"),
)
HEADERS: dict[str, str] = {c.key: c.header for c in COLUMNS}
EXPECTED = {c.key: c.spellings for c in COLUMNS}
OPTIONAL = tuple(c.key for c in COLUMNS if not c.required)
GROUPS = {"职工组": "EMPLOYEE", "职工": "EMPLOYEE", "employee": "EMPLOYEE",
          "学生组": "STUDENT", "学生": "STUDENT", "student": "STUDENT"}
ORG_KINDS = {"企业": "EMPLOYER", "单位": "EMPLOYER", "employer": "EMPLOYER",
             "院校": "SCHOOL", "学校": "SCHOOL", "school": "SCHOOL"}


def example_row(competition: Competition) -> dict[str, str]:
    """Return the template's example row (read_table skips it when left in place)."""
    project = competition.projects[0] if competition.projects else None
    return {
        "name": "张三", "id_number": "110101199003070011", "phone": "13800138000",
        "organization": "示例机械制造有限公司", "organization_kind": "企业",
        "group": labels.chinese(project.group if project else "EMPLOYEE", "group"),
        "project": project.name if project else "",
        "occupation": project.occupation.name if project else "",
        "grade": "高级工（三级）", "certificate_no": "S000013000000123",
    }


def import_template(competition: Competition) -> bytes:
    """Build the import template of a competition: Chinese headers, example row, drop-downs."""
    choices: dict[str, tuple[str, ...]] = {
        "group": ("职工组", "学生组"),
        "organization_kind": ("企业", "院校"),
        "project": tuple(p.name for p in competition.projects),
        "grade": tuple(grade_label(g) for g in LADDER),
    }
    columns = [
        TemplateColumn(c.key, c.header, required=c.required, choices=choices.get(c.key, ()),
                       text=c.text, hint=c.hint)
        for c in COLUMNS
    ]
    notes = [f"赛事：{competition.name}",
             "同一人报名多个赛项时，每个赛项填写一行。",
             "上传后系统先校验整个文件，列出每一行的问题；全部无误才会导入。"]
    return offload(registration_template_xlsx, columns, example_row(competition), notes=notes)


EXPORT_HEADERS = ("序号", "姓名", "身份证号", "性别", "出生日期", "手机号", "工作单位或学校",
                  "组别", "赛项", "职业（工种）", "当前职业技能等级", "等级证书编号", "状态",
                  "资格审查", "不符合原因", "审核意见", "准考证号", "来源", "提交时间")
# Export times are wall-clock times where the contests are held.
_CHINA = ZoneInfo("Asia/Shanghai")


def export_rows(regs: Sequence[Registration], *, full: bool) -> list[list[Any]]:
    """Lay registrations out as export rows; ID numbers and phones masked unless ``full``."""
    rows = []
    for index, reg in enumerate(regs, start=1):
        person, project = reg.person, reg.project
        held = current_grades(person.grades).get(project.occupation_id)
        grade = grade_or_none(held.grade) if held is not None else None
        verdict = reg.eligibility or {}
        reasons = "；".join(str(f.get("message", "")) for f in verdict.get("failures", []))
        rows.append([
            index, person.name,
            person.id_number if full else mask_id_number(person.id_number),
            labels.chinese(person.gender, "gender"), person.birth_date,
            person.phone if full else mask_phone(person.phone),
            reg.organization.name if reg.organization else "",
            labels.chinese(reg.group, "group"), project.name, project.occupation.name,
            grade_label(grade) if grade else "", held.certificate_no if held else "",
            labels.chinese(reg.status, "registration_status"),
            "符合" if verdict.get("ok") else ("不符合" if verdict else ""), reasons,
            reg.decision_reason, reg.ticket_no or "",
            labels.chinese(reg.source, "registration_source"),
            reg.submitted_at.astimezone(_CHINA).replace(tzinfo=None) if reg.submitted_at else None,
        ])
    return rows


def export_workbook(title: str, regs: Sequence[Registration], *, full: bool) -> bytes:
    """Return the registrations as a print-ready .xlsx."""
    return offload(rows_xlsx, title, EXPORT_HEADERS, export_rows(regs, full=full))

